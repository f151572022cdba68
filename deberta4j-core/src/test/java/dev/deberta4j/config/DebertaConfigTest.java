package dev.deberta4j.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DebertaConfigTest {
    @Test
    void defaultsAreTransformers() {
        DebertaConfig c = DebertaConfig.parse("{\"model_type\": \"deberta-v2\"}");
        assertThat(c.vocabSize).isEqualTo(128100);
        assertThat(c.hiddenSize).isEqualTo(1536);
        assertThat(c.numHiddenLayers).isEqualTo(24);
        assertThat(c.numAttentionHeads).isEqualTo(24);
        assertThat(c.intermediateSize).isEqualTo(6144);
        assertThat(c.hiddenAct).isEqualTo("gelu");
        assertThat(c.maxPositionEmbeddings).isEqualTo(512);
        assertThat(c.typeVocabSize).isZero();
        assertThat(c.layerNormEps).isEqualTo(1e-7);
        assertThat(c.relativeAttention).isFalse();
        assertThat(c.maxRelativePositions()).isEqualTo(512);
        assertThat(c.positionBuckets).isEqualTo(-1);
        assertThat(c.positionBiasedInput).isTrue();
        assertThat(c.posAttType).isEmpty();
        assertThat(c.normRelEbd).containsExactly("none");
        assertThat(c.shareAttKey).isFalse();
        assertThat(c.embeddingSize).isEqualTo(1536);
        assertThat(c.convKernelSize).isZero();
        assertThat(c.convAct).isEqualTo("tanh");
        assertThat(c.poolerHiddenSize).isEqualTo(1536);
        assertThat(c.poolerHiddenAct).isEqualTo("gelu");
        assertThat(c.numLabels).isEqualTo(2);
        assertThat(c.id2label).containsEntry(0, "LABEL_0").containsEntry(1, "LABEL_1");
        assertThat(c.problemType).isNull();
    }

    @Test
    void posAttTypeStringIsSplitOnBarsAndLowerCased() {
        DebertaConfig c = DebertaConfig.parse("{\"pos_att_type\": \"P2C|c2p\", \"relative_attention\": true}");
        assertThat(c.posAttType).containsExactly("p2c", "c2p");
        assertThat(c.attentionScale()).isEqualTo(Math.sqrt(64 * 3));
    }

    @Test
    void theCardsBaseConfigResolvesItsSpans() {
        DebertaConfig c = DebertaConfig.parse("""
                {"model_type":"deberta-v2","hidden_size":768,"num_attention_heads":12,"position_buckets":256,
                 "max_relative_positions":-1,"relative_attention":true,"norm_rel_ebd":"layer_norm",
                 "pos_att_type":["p2c","c2p"],"num_labels":1}""");
        assertThat(c.attentionSpan()).isEqualTo(256);
        assertThat(c.relEmbeddingRows()).isEqualTo(512);
        assertThat(c.normRelEmbeddingsWithLayerNorm()).isTrue();
        assertThat(c.isRegression()).isTrue();
    }

    @Test
    void unsupportedValuesNameTheFieldAndTheValue() {
        assertThatThrownBy(() -> DebertaConfig.parse("{\"model_type\": \"gpt2\"}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("model_type: unsupported \"gpt2\"")
                .hasMessageContaining("\"deberta-v2\", \"bert\", \"electra\"");
        assertThatThrownBy(() -> DebertaConfig.parse("{\"model_type\": \"deberta\"}"))
                .hasMessageContaining("DeBERTa-V1 is not supported");
        assertThatThrownBy(() -> DebertaConfig.parse("{\"model_type\": \"bert\", \"position_embedding_type\": \"relative_key\"}"))
                .hasMessageContaining("position_embedding_type: only \"absolute\" is supported, found \"relative_key\"");
        assertThatThrownBy(() -> DebertaConfig.parse("{\"hidden_act\": \"mish\"}"))
                .hasMessageContaining("hidden_act: unsupported activation \"mish\"");
        assertThatThrownBy(() -> DebertaConfig.parse("{\"pos_att_type\": [\"c2c\"]}"))
                .hasMessageContaining("pos_att_type: unsupported entry \"c2c\"");
        assertThatThrownBy(() -> DebertaConfig.parse("{\"norm_rel_ebd\": \"batch_norm\"}"))
                .hasMessageContaining("norm_rel_ebd: unsupported entry \"batch_norm\"");
        assertThatThrownBy(() -> DebertaConfig.parse("{\"hidden_size\": \"big\"}"))
                .hasMessageContaining("hidden_size: expected an integer, found \"big\"");
        assertThatThrownBy(() -> DebertaConfig.parse("{\"hidden_size\": 100, \"num_attention_heads\": 3}"))
                .hasMessageContaining("hidden_size (100) is not a multiple of num_attention_heads (3)");
        assertThatThrownBy(() -> DebertaConfig.parse("{\"conv_kernel_size\": 4}"))
                .hasMessageContaining("conv_kernel_size: expected an odd size");
        assertThatThrownBy(() -> DebertaConfig.parse("{\"id2label\": {\"0\": \"a\", \"2\": \"b\"}}"))
                .hasMessageContaining("id2label: ids must be 0..1, missing 1");
        assertThatThrownBy(() -> DebertaConfig.parse("{\"problem_type\": \"ranking\"}"))
                .hasMessageContaining("problem_type: expected regression");
        assertThatThrownBy(() -> DebertaConfig.parse("[1, 2]")).hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> DebertaConfig.parse("{not json")).hasMessageContaining("not valid JSON");
    }

    @Test
    void unknownFieldsSurviveARoundTrip() {
        DebertaConfig c = DebertaConfig.parse("{\"model_type\": \"deberta-v2\", \"custom_field\": 3}");
        assertThat(c.toJson().get("custom_field").asInt()).isEqualTo(3);
        assertThat(c.with(java.util.Map.of("num_labels", 4)).numLabels).isEqualTo(4);
    }

    /** Each family's defaults are its transformers config class's; DistilBERT's own keys are read. */
    @Test
    void otherFamiliesReadTheirOwnKeysAndDefaults() {
        DebertaConfig bert = DebertaConfig.parse("{\"model_type\": \"bert\"}");
        assertThat(bert.family).isEqualTo(ModelFamily.BERT);
        assertThat(bert.hiddenSize).isEqualTo(768);
        assertThat(bert.typeVocabSize).isEqualTo(2);
        assertThat(bert.layerNormEps).isEqualTo(1e-12);
        assertThat(bert.relativeAttention).isFalse();
        assertThat(bert.maxSequenceLength()).isEqualTo(512);

        DebertaConfig electra = DebertaConfig.parse("{\"model_type\": \"electra\"}");
        assertThat(electra.embeddingSize).isEqualTo(128);
        assertThat(electra.hiddenSize).isEqualTo(256);
        assertThat(electra.numAttentionHeads).isEqualTo(4);

        DebertaConfig xlmr = DebertaConfig.parse("{\"model_type\": \"xlm-roberta\", \"max_position_embeddings\": 514}");
        assertThat(xlmr.padTokenId).isEqualTo(1);
        assertThat(xlmr.maxSequenceLength()).as("514 rows, the first pad + 1 of them before any token").isEqualTo(512);
        assertThatThrownBy(() -> xlmr.requireSequenceLength(513)).hasMessageContaining("exceeds the 512 positions");

        DebertaConfig distil = DebertaConfig.parse("{\"model_type\": \"distilbert\", \"dim\": 64, \"n_layers\": 2, "
                + "\"n_heads\": 4, \"hidden_dim\": 128, \"activation\": \"relu\", \"dropout\": 0.2}");
        assertThat(distil.hiddenSize).isEqualTo(64);
        assertThat(distil.numHiddenLayers).isEqualTo(2);
        assertThat(distil.attentionHeadSize).isEqualTo(16);
        assertThat(distil.intermediateSize).isEqualTo(128);
        assertThat(distil.hiddenAct).isEqualTo("relu");
        assertThat(distil.hiddenDropoutProb).isEqualTo(0.2);
        assertThat(distil.typeVocabSize).isZero();
        assertThat(distil.clsDropout).as("seq_classif_dropout").isEqualTo(0.2);
    }
}
