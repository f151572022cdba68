package dev.deberta4j.train;

import dev.deberta4j.model.ModelInput;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Loss, every parameter's gradient and the parameters after one and two AdamW steps against transformers /
 * torch (fixtures/v3-base-like/train): gradients within 1e-5, parameters within 5e-5.
 */
public class TrainingParityTest {
    private static final double GRAD_TOLERANCE = 1e-5;
    private static final double PARAM_TOLERANCE = 5e-5;
    private static final double STEP2_LOGITS_TOLERANCE = 1e-4;

    @ParameterizedTest
    @ValueSource(strings = {"seq_cls", "seq_reg", "mlm"})
    void lossGradientsAndTwoAdamWStepsMatchTorch(String head) {
        try (TrainingGolden golden = new TrainingGolden(head)) {
            TrainableModel model = TrainableModel.create(golden.config(), golden.headType(), golden.initialWeights(), 0);
            assertThat(model.parameters()).extracting(Parameter::name)
                    .containsExactlyInAnyOrderElementsOf(golden.parameterNames());
            assertThat(model.freshlyInitialised()).isEmpty();
            AdamW optimizer = new AdamW(model.parameters(), TrainingGolden.optimizerOptions());
            ModelInput input = golden.input();
            Labels labels = golden.labels();

            model.zeroGrad();
            float loss1 = model.forwardBackward(input, labels);
            assertThat((double) loss1).as("loss.step1").isCloseTo(golden.scalar("loss.step1"), within(GRAD_TOLERANCE));
            assertClose("logits.step1", model.lastLogits().data(), golden.floats("logits.step1"), GRAD_TOLERANCE);
            for (Parameter p : model.parameters()) {
                assertClose("grad." + p.name(), p.grad(), golden.floats("grad." + p.name()), GRAD_TOLERANCE);
            }
            optimizer.step(TrainingGolden.LR);
            assertParameters(model.parameters(), golden, "param_after_step1.");

            model.zeroGrad();
            float loss2 = model.forwardBackward(input, labels);
            assertThat((double) loss2).as("loss.step2").isCloseTo(golden.scalar("loss.step2"), within(GRAD_TOLERANCE));
            // The step-2 forward runs on weights that may differ from torch's by PARAM_TOLERANCE.
            assertClose("logits.step2", model.lastLogits().data(), golden.floats("logits.step2"), STEP2_LOGITS_TOLERANCE);
            optimizer.step(TrainingGolden.LR);
            assertParameters(model.parameters(), golden, "param_after_step2.");
        }
    }

    private static void assertParameters(List<Parameter> params, TrainingGolden golden, String prefix) {
        for (Parameter p : params) assertClose(prefix + p.name(), p.data(), golden.floats(prefix + p.name()), PARAM_TOLERANCE);
    }

    public static double assertClose(String what, float[] actual, float[] expected, double tolerance) {
        assertThat(actual).as(what + " length").hasSameSizeAs(expected);
        double worst = 0;
        int at = -1;
        for (int i = 0; i < actual.length; i++) {
            double d = Math.abs((double) actual[i] - expected[i]);
            if (!(d <= worst)) {
                worst = d;
                at = i;
            }
        }
        assertThat(worst).as(what + ": max |diff| at index " + at + " (actual "
                + (at < 0 ? "" : actual[at]) + ", expected " + (at < 0 ? "" : expected[at]) + ")")
                .isLessThanOrEqualTo(tolerance);
        if (System.getenv("PARITY_REPORT") != null) System.out.printf("%-80s %.3g%n", what, worst);
        return worst;
    }
}
