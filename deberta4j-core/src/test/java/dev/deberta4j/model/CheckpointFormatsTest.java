package dev.deberta4j.model;

import dev.deberta4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same weights as torch zip, legacy pickle, float16 and bfloat16 checkpoints
 * (fixtures/v2-tokentype-abs-pos/formats) give the outputs transformers gives for them.
 */
class CheckpointFormatsTest {
    private static float[] logits(Path dir, GoldenCase g) {
        return DebertaModel.load(dir).forward(g.input()).logits().data();
    }

    @Test
    void torchZipAndLegacyPickleGiveIdenticalLogitsToSafetensors() {
        try (GoldenCase g = new GoldenCase("v2-tokentype-abs-pos")) {
            float[] reference = logits(g.dir, g);
            assertThat(logits(g.dir.resolve("formats/torch-zip"), g)).containsExactly(reference);
            assertThat(logits(g.dir.resolve("formats/torch-legacy"), g)).containsExactly(reference);
            GoldenParityTest.assertClose("seq_cls", new Tensor(reference, new int[]{3, 3}), g.tensor("logits.seq_cls"));
        }
    }

    /** transformers, loading these files into float32, lands 8.0e-4 (fp16) and 8.0e-3 (bf16) from the goldens. */
    @Test
    void halfPrecisionCheckpointsDeviateAsTransformersDoes() {
        try (GoldenCase g = new GoldenCase("v2-tokentype-abs-pos")) {
            Tensor golden = g.tensor("logits.seq_cls");
            float fp16 = new Tensor(logits(g.dir.resolve("formats/fp16"), g), golden.shape()).maxAbsDiff(golden);
            float bf16 = new Tensor(logits(g.dir.resolve("formats/bf16"), g), golden.shape()).maxAbsDiff(golden);
            assertThat((double) fp16).as("fp16 deviation").isBetween(7.5e-4, 8.5e-4);
            assertThat((double) bf16).as("bf16 deviation").isBetween(7.5e-3, 8.5e-3);
        }
    }
}
