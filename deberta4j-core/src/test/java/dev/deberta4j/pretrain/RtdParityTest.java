package dev.deberta4j.pretrain;

import dev.deberta4j.train.Parameter;
import dev.deberta4j.train.TrainingParityTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * One replaced-token-detection pass against transformers / torch (fixtures/v3-base-like/rtd): the corrupted input,
 * both losses, the generator's and the discriminator's logits and every gradient, within the fixture README's
 * bounds (gradients 3e-7 absolute or 1.4e-6 relative to the tensor's largest value, logits 1e-5, MLM logits 2e-5).
 */
class RtdParityTest {
    private static final double GRAD_ABS = 3e-7;
    private static final double GRAD_REL = 1.4e-6;
    private static final double LOGITS = 1e-5;
    private static final double MLM_LOGITS = 2e-5;

    @Test
    void lossesLogitsAndEveryGradientMatchTorch() {
        try (RtdGolden golden = new RtdGolden()) {
            RtdModel model = golden.model(RtdOptions.defaults());
            assertThat(model.parameters()).extracting(Parameter::name)
                    .containsExactlyInAnyOrderElementsOf(golden.weights.names());
            model.zeroGrad();
            RtdStepResult r = model.forwardBackward(golden.batch(), TokenSampler.given(golden.ints("sampled_tokens")));

            assertThat(model.lastDiscriminatorInputIds()).containsExactly(golden.ints("discriminator_input_ids"));
            assertThat(r.mlmLoss()).isCloseTo(golden.floats("mlm_loss")[0], within(1e-5));
            assertThat(r.rtdLoss()).isCloseTo(golden.floats("rtd_loss")[0], within(1e-6));
            assertThat(r.totalLoss()).isCloseTo(golden.floats("total_loss")[0], within(5e-5));

            int vocab = model.generatorConfig().vocabSize;
            float[] allLogits = golden.floats("generator_logits");
            int[] masked = golden.batch().maskedRows();
            float[] maskedLogits = new float[masked.length * vocab];
            for (int r2 = 0; r2 < masked.length; r2++) {
                System.arraycopy(allLogits, masked[r2] * vocab, maskedLogits, r2 * vocab, vocab);
            }
            assertClose("generator_logits (masked rows, train pass)", model.lastGeneratorLogits(), maskedLogits, MLM_LOGITS);
            assertClose("generator_logits (every row, eval)", model.generatorLogits(golden.batch().generatorInput()).data(), allLogits,
                    MLM_LOGITS);
            assertClose("discriminator_logits", model.lastDiscriminatorLogits(), golden.floats("discriminator_logits"),
                    LOGITS);

            float[] labels = golden.floats("rtd_labels");
            long replaced = 0;
            for (float l : labels) if (l != 0) replaced++;
            assertThat(r.truePositives() + r.falseNegatives()).isEqualTo(replaced);
            assertThat(r.masked()).isEqualTo(masked.length);

            for (Parameter p : model.parameters()) {
                float[] expected = golden.floats("grad." + p.name());
                double largest = 0;
                for (float v : expected) largest = Math.max(largest, Math.abs(v));
                assertClose("grad." + p.name(), p.grad(), expected, Math.max(GRAD_ABS, GRAD_REL * largest));
            }
        }
    }

    static double assertClose(String what, float[] actual, float[] expected, double tolerance) {
        return TrainingParityTest.assertClose(what, actual, expected, tolerance);
    }
}
