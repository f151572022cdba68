package dev.deberta4j.pipeline;

import dev.deberta4j.io.SafetensorsFile;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.ModelInput;
import dev.deberta4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EmbedderTest {
    private static final List<String> TEXTS = List.of("이 영화 정말 재밌어요", "별로", "배우들의 연기가 좋았고 음악도 훌륭했다");

    @TempDir Path dir;

    /** The last hidden state of one text run alone (no padding anywhere). */
    private static Tensor alone(PipelineModel pm, String text) {
        return pm.model().forward(ModelInput.encode(pm.tokenizer(), List.of(text))).lastHiddenState();
    }

    @Test
    void meanPoolingAveragesTheTextsOwnTokensDespiteBatchPadding() {
        // A sequence-classification checkpoint: the embedder runs its backbone only.
        TestModels.write(dir, TestModels.UNIGRAM, HeadType.SEQUENCE_CLASSIFICATION, "a", "b");
        PipelineModel pm = PipelineModel.load(dir, HeadType.BASE);
        float[][] vectors = new Embedder(pm, PipelineOptions.defaults().withBatchSize(3), Pooling.MEAN, false).embed(TEXTS);
        for (int i = 0; i < TEXTS.size(); i++) {
            Tensor h = alone(pm, TEXTS.get(i));
            int len = h.dim(1);
            for (int d = 0; d < 32; d++) {
                double sum = 0;
                for (int t = 0; t < len; t++) sum += h.get(0, t, d);
                assertThat(vectors[i][d]).as("text %d dim %d", i, d).isCloseTo((float) (sum / len), within(1e-5f));
            }
        }
    }

    @Test
    void clsPoolingTakesTheFirstTokenAndNormalisingGivesUnitLength() {
        TestModels.write(dir, TestModels.WORDPIECE, HeadType.BASE);
        PipelineModel pm = PipelineModel.load(dir, HeadType.BASE);
        float[][] cls = new Embedder(pm, PipelineOptions.defaults(), Pooling.CLS, false).embed(TEXTS);
        float[][] unit = new Embedder(pm, PipelineOptions.defaults(), Pooling.CLS, true).embed(TEXTS);
        for (int i = 0; i < TEXTS.size(); i++) {
            Tensor h = alone(pm, TEXTS.get(i));
            double norm = 0;
            for (int d = 0; d < 32; d++) {
                assertThat(cls[i][d]).isCloseTo(h.get(0, 0, d), within(1e-5f));
                norm += (double) cls[i][d] * cls[i][d];
            }
            norm = Math.sqrt(norm);
            double unitNorm = 0;
            for (int d = 0; d < 32; d++) {
                assertThat(unit[i][d]).isCloseTo((float) (cls[i][d] / norm), within(1e-6f));
                unitNorm += (double) unit[i][d] * unit[i][d];
            }
            assertThat(unitNorm).isCloseTo(1.0, within(1e-6));
        }
    }

    @Test
    void matricesAreWrittenAsNpyAndSafetensors() throws Exception {
        float[][] rows = {{1f, -2.5f, 3f}, {0.25f, 0f, -1f}};
        Path npy = dir.resolve("e.npy");
        EmbeddingFiles.write(npy, rows);
        byte[] bytes = Files.readAllBytes(npy);
        assertThat(bytes[0]).isEqualTo((byte) 0x93);
        assertThat(new String(bytes, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
        int headerLen = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        assertThat((10 + headerLen) % 64).isZero();
        String header = new String(bytes, 10, headerLen, StandardCharsets.US_ASCII);
        assertThat(header).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }").endsWith("\n");
        ByteBuffer data = ByteBuffer.wrap(bytes, 10 + headerLen, 24).order(ByteOrder.LITTLE_ENDIAN);
        float[] flat = new float[6];
        data.asFloatBuffer().get(flat);
        assertThat(flat).containsExactly(1f, -2.5f, 3f, 0.25f, 0f, -1f);
        assertThat(bytes).hasSize(10 + headerLen + 24);

        Path st = dir.resolve("e.safetensors");
        EmbeddingFiles.write(st, rows);
        try (SafetensorsFile f = SafetensorsFile.open(st)) {
            assertThat(f.info(EmbeddingFiles.TENSOR_NAME).shape()).containsExactly(2, 3);
            assertThat(f.readFloats(EmbeddingFiles.TENSOR_NAME)).containsExactly(1f, -2.5f, 3f, 0.25f, 0f, -1f);
        }
        assertThatThrownBy(() -> EmbeddingFiles.write(dir.resolve("e.csv"), rows)).hasMessageContaining("expected a .npy or .safetensors");
        assertThatThrownBy(() -> EmbeddingFiles.write(npy, new float[][]{{1f}, {1f, 2f}}))
                .hasMessageContaining("embedding 1 has 2 values, embedding 0 has 1");
    }
}
