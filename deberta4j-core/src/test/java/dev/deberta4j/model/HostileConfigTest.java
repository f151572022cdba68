package dev.deberta4j.model;

import dev.deberta4j.config.ConfigException;
import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.hostile.Hostile;
import dev.deberta4j.io.InMemoryTensorSource;
import dev.deberta4j.memory.MemoryEstimate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;



/**
 * Hostile config.json values: each is refused (or, for missing weights, reported) before anything is sized by
 * it, with a one-line error naming the field, in a 512 MiB heap.
 */
@Tag("hostile")
class HostileConfigTest {
    private static final String TINY = """
            "model_type": "deberta-v2", "vocab_size": 100, "hidden_size": 1024, "num_attention_heads": 4,
            "intermediate_size": 4096, "max_position_embeddings": 64, "type_vocab_size": 0,
            "relative_attention": false, "position_biased_input": true, "pad_token_id": 0""";

    private static DebertaConfig config(String extra) {
        return DebertaConfig.parse("{" + TINY + ", " + extra + "}");
    }

    @Test
    void twoBillionLabels() {
        // info and estimate-memory built two billion label names before: OOM or a hang
        Hostile.refuses("config: num_labels 2e9 without id2label (info, estimate-memory)", ConfigException.class,
                "num_labels: expected an integer in [1, 1048576]",
                () -> MemoryEstimate.of(config("\"num_hidden_layers\": 1, \"num_labels\": 2000000000"),
                        HeadType.SEQUENCE_CLASSIFICATION));
    }

    @Test
    void aMillionLayers() {
        Hostile.refuses("config: num_hidden_layers 1e6", ConfigException.class,
                "num_hidden_layers: expected an integer in [0, 1024]",
                () -> config("\"num_hidden_layers\": 1000000"));
    }

    /** 1,000 layers asked of a one-layer checkpoint: reported before any of the 999 absent layers is allocated. */
    @Test
    void manyMoreLayersThanTheCheckpointHolds() {
        DebertaConfig one = config("\"num_hidden_layers\": 1");
        InMemoryTensorSource weights = WeightInitializer.initialise(one, HeadType.BASE, 1);
        DebertaConfig thousand = config("\"num_hidden_layers\": 1000");
        Hostile.refuses("config: num_hidden_layers 1000 for a one-layer checkpoint (infer)", ModelLoadException.class,
                "missing weights for DebertaV2Model: encoder.layer.1.attention.self.query_proj.weight",
                () -> DebertaModel.load(thousand, weights, LoadOptions.head(HeadType.BASE)));
    }

    @Test
    void aBillionAbsolutePositions() {
        Hostile.refuses("config: max_position_embeddings 1e9 with absolute positions", ConfigException.class,
                "max_position_embeddings: expected an integer in [1, 1048576]",
                () -> config("\"num_hidden_layers\": 1, \"max_position_embeddings\": 1000000000"));
    }

    @Test
    void hugeConvolutionKernel() {
        Hostile.refuses("config: conv_kernel_size 2^31-1", ConfigException.class,
                "conv_kernel_size: expected an integer in [0, 1023]",
                () -> config("\"num_hidden_layers\": 1, \"conv_kernel_size\": 2147483647"));
    }

    @Test
    void productPastOneArray() {
        // each value in range, the product (vocab x width) past what one float[] holds: was NegativeArraySize
        Hostile.refuses("config: vocab_size x hidden_size past 2^31", ConfigException.class,
                "vocab_size x embedding_size = 1099511627776 elements",
                () -> DebertaConfig.parse("{" + TINY.replace("\"vocab_size\": 100", "\"vocab_size\": 16777216")
                        .replace("\"hidden_size\": 1024", "\"hidden_size\": 65536") + ", \"num_hidden_layers\": 1}"));
    }

    @Test
    void negativeLayerNormEps() {
        Hostile.refuses("config: layer_norm_eps -1", ConfigException.class,
                "layer_norm_eps: expected a finite number >= 0, found -1",
                () -> config("\"num_hidden_layers\": 1, \"layer_norm_eps\": -1"));
    }

}
