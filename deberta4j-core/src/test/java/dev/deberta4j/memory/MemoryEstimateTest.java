package dev.deberta4j.memory;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.io.SafetensorsFile;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.ModelShapes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemoryEstimateTest {
    static final List<MemoryEstimate.Precision> ALL = List.of(MemoryEstimate.Precision.values());

    @Test
    void theCardsBaseTableExactly() {
        MemoryEstimate e = MemoryEstimate.of(ModelShapes.byName("base"), HeadType.BASE);
        assertThat(e.largestLayerName()).isEqualTo("embeddings.word_embeddings");
        assertThat(MemoryTable.markdown(e.rows(ALL))).isEqualTo("""
                | dtype | Largest Layer or Residual Group | Total Size | Training using Adam |
                |---|---|---|---|
                | float32 | 187.79 MB | 513.77 MB | 2.01 GB |
                | float16/bfloat16 | 93.9 MB | 256.88 MB | 1.0 GB |
                | int8 | 46.95 MB | 128.44 MB | 513.77 MB |
                | int4 | 23.47 MB | 64.22 MB | 256.88 MB |
                """);
    }

    /** Other configs: the total is the sum of the actual tensors transformers saved, plus the position_ids buffer. */
    @ParameterizedTest
    @ValueSource(strings = {"v2-conv-c2p", "v2-tokentype-abs-pos", "v3-base-like"})
    void fixtureTotalsEqualTheirTensors(String caseName) throws URISyntaxException {
        Path dir = Path.of(getClass().getResource("/fixtures/" + caseName).toURI());
        DebertaConfig config = DebertaConfig.load(dir);
        long saved = 0;
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("model.safetensors"))) {
            for (String n : f.names()) saved += f.info(n).byteLength();
        }
        long positionIds = (long) config.maxPositionEmbeddings * Long.BYTES;
        assertThat(MemoryEstimate.of(config, HeadType.SEQUENCE_CLASSIFICATION).totalBytes()).isEqualTo(saved + positionIds);
    }

    /**
     * estimate-memory on the other families: every head directory of each family's fixture (BERT, ELECTRA with its
     * ForPreTraining discriminator, XLM-RoBERTa, DistilBERT) totals exactly the tensors transformers saved, plus
     * the position_ids buffer.
     */
    @ParameterizedTest
    @ValueSource(strings = {"bert", "electra", "xlm-roberta", "distilbert"})
    void familyFixtureTotalsEqualTheirTensors(String family) throws Exception {
        Path root = Path.of(getClass().getResource("/fixtures/family/" + family).toURI());
        int heads = 0;
        for (String head : new String[]{"seq_cls", "token_cls", "qa", "mlm", "rtd"}) {
            Path dir = root.resolve(head);
            if (!java.nio.file.Files.isDirectory(dir)) continue;
            heads++;
            DebertaConfig config = DebertaConfig.load(dir);
            long saved = 0;
            try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("model.safetensors"))) {
                for (String n : f.names()) saved += f.info(n).byteLength();
            }
            long positionIds = (long) config.maxPositionEmbeddings * Long.BYTES;
            HeadType type = HeadType.fromArchitecture(config.architectures.getFirst(), config.family);
            assertThat(MemoryEstimate.of(config, type).totalBytes()).as(family + "/" + head)
                    .isEqualTo(saved + positionIds);
        }
        assertThat(heads).isGreaterThanOrEqualTo(4);
    }

    @Test
    void pythonRoundingAndUnits() {
        assertThat(ByteSizes.format(1023)).isEqualTo("1023.0 bytes");
        assertThat(ByteSizes.format(1024)).isEqualTo("1.0 KB");
        assertThat(ByteSizes.format(1024 * 1024 * 1.005)).isEqualTo("1.0 MB");   // 1.00499999... in binary
        assertThat(ByteSizes.format(1024.0 * 1024 * 1024 * 3)).isEqualTo("3.0 GB");
        assertThatThrownBy(() -> MemoryEstimate.Precision.parse("int2")).hasMessageContaining("unknown dtype 'int2'");
    }
}
