package dev.deberta4j.train;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.ModelInput;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Two half batches with loss scale 1/2 accumulate the gradient of the whole batch's mean loss (no dropout, so the
 * passes are comparable; padding to different lengths changes nothing, as masked keys get exactly 0 weight).
 */
class GradientAccumulationTest {

    @Test
    void twoScaledHalfBatchesGiveTheWholeBatchGradient() {
        DebertaConfig c = TinyModels.v3(3).with(Map.of("hidden_dropout_prob", 0.0,
                "attention_probs_dropout_prob", 0.0, "pooler_dropout", 0.0));
        TrainableModel whole = TrainableModel.initialise(c, HeadType.SEQUENCE_CLASSIFICATION, 2);
        TrainableModel halves = TrainableModel.initialise(c, HeadType.SEQUENCE_CLASSIFICATION, 2);
        int[][] texts = {{5, 9, 2, 7, 7, 3}, {4, 4, 8}, {1, 2, 3, 4, 5}, {6, 30}};
        whole.zeroGrad();
        float lossWhole = whole.forwardBackward(ModelInput.of(List.of(texts), 0), Labels.classes(0, 1, 2, 1));
        halves.zeroGrad();
        float first = halves.forwardBackward(ModelInput.of(List.of(texts[0], texts[1]), 0), Labels.classes(0, 1), 0.5f);
        float second = halves.forwardBackward(ModelInput.of(List.of(texts[2], texts[3]), 0), Labels.classes(2, 1), 0.5f);
        assertThat((double) (first + second) / 2).isCloseTo(lossWhole, within(1e-6));
        for (Parameter p : whole.parameters()) {
            TrainingParityTest.assertClose(p.name(), halves.parameter(p.name()).grad(), p.grad(), 1e-6);
        }
        assertThat(GradientClipping.globalNorm(whole.parameters())).isGreaterThan(1e-3);
    }
}
