package dev.deberta4j.train;

import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.ModelInput;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LossAndDropoutTest {

    @Test
    void crossEntropyAveragesOverRowsThatAreNotIgnored() {
        float[] logits = {0, 0, 2, 0, 5, -5};
        LossValue loss = CrossEntropyLoss.compute(logits, 3, 2, new int[]{0, CrossEntropyLoss.IGNORE_INDEX, 1});
        double row0 = Math.log(2);
        double row2 = Math.log(Math.exp(5) + Math.exp(-5)) + 5;
        assertThat(loss.loss()).isCloseTo((row0 + row2) / 2, within(1e-9));
        assertThat(loss.gradient()[2]).isZero();
        assertThat(loss.gradient()[3]).isZero();
        assertThat((double) loss.gradient()[0]).isCloseTo(-0.25, within(1e-7));
    }

    @Test
    void crossEntropyRejectsLabelsOutsideTheClasses() {
        assertThatThrownBy(() -> CrossEntropyLoss.compute(new float[4], 2, 2, new int[]{0, 2}))
                .hasMessageContaining("label 1 = 2").hasMessageContaining("[0, 2)");
        assertThatThrownBy(() -> CrossEntropyLoss.compute(new float[4], 2, 2, new int[]{0}))
                .hasMessageContaining("expected 2 labels");
        assertThat(CrossEntropyLoss.compute(new float[4], 2, 2, new int[]{-100, -100}).loss()).isZero();
    }

    @Test
    void sequenceClassificationIgnoresEveryNegativeLabelAsTransformersDoes() {
        TrainableModel model = TrainableModel.initialise(TinyModels.v3(3), HeadType.SEQUENCE_CLASSIFICATION, 1);
        ModelInput in = TinyModels.batch();
        float[] logits = model.logits(in).data();
        double expected = CrossEntropyLoss.compute(java.util.Arrays.copyOf(logits, 3), 1, 3, new int[]{2}).loss();
        assertThat((double) model.loss(in, Labels.classes(2, -1, -7))).isCloseTo(expected, within(1e-6));
        assertThat(model.loss(in, Labels.classes(-1, -1, -1))).isZero();
    }

    @Test
    void mseAndBceMatchTheirFormulas() {
        assertThat(MseLoss.compute(new float[]{1, 3}, new float[]{0, 1}).loss()).isEqualTo(2.5);
        double bce = (Math.log1p(Math.exp(-2)) + Math.log1p(Math.exp(-1)) + 1) / 2;   // x=2,y=1 and x=1,y=0
        assertThat(BceWithLogitsLoss.compute(new float[]{2, 1}, new float[]{1, 0}).loss()).isCloseTo(bce, within(1e-12));
    }

    @Test
    void labelsOfTheWrongKindOrCountAreRejected() {
        TrainableModel model = TrainableModel.initialise(TinyModels.v3(3), HeadType.SEQUENCE_CLASSIFICATION, 1);
        ModelInput in = TinyModels.batch();
        assertThatThrownBy(() -> model.forwardBackward(in, Labels.classes(0, 1)))
                .hasMessageContaining("labels: expected 3 values for this batch, found 2");
        assertThatThrownBy(() -> model.forwardBackward(in, Labels.regression(1, 2, 3)))
                .hasMessageContaining("num_labels = 1");
        assertThatThrownBy(() -> model.forwardBackward(in, new Labels.Spans(new int[3], new int[3])))
                .hasMessageContaining("Spans");
        TrainableModel regression = TrainableModel.initialise(TinyModels.v3(1), HeadType.SEQUENCE_CLASSIFICATION, 1);
        assertThatThrownBy(() -> regression.forwardBackward(in, Labels.classes(0, 0, 0)))
                .hasMessageContaining("regression head");
    }

    @Test
    void dropoutKeepsAboutOneMinusPAndScalesSurvivors() {
        float[] mask = Dropout.mask(0.25, 100_000, new DropoutStream(true, 5), 3);
        int kept = 0;
        for (float m : mask) {
            if (m != 0) {
                kept++;
                assertThat(m).isEqualTo((float) (1 / 0.75));
            }
        }
        assertThat(kept / 100_000.0).isCloseTo(0.75, within(0.01));
        assertThat(Dropout.mask(0.25, 10, DropoutStream.EVAL, 3)).isNull();
        assertThat(Dropout.mask(0.0, 10, new DropoutStream(true, 5), 3)).isNull();
    }

    @Test
    void dropoutMaskIsEachChunksNextDoubleBelowP() {
        // The mask compares integers; it must be the mask of "nextDouble() < p" that earlier runs drew.
        int n = Dropout.CHUNK + 1000;
        for (double p : new double[]{0.1, 0.25, 1.0 / 3}) {
            DropoutStream stream = new DropoutStream(true, 11);
            float[] mask = Dropout.mask(p, n, stream, 2);
            float scale = (float) (1.0 / (1.0 - p));
            for (int c = 0; c * Dropout.CHUNK < n; c++) {
                java.util.SplittableRandom random = stream.random(2, c);
                for (int i = c * Dropout.CHUNK; i < Math.min(n, (c + 1) * Dropout.CHUNK); i++) {
                    assertThat(mask[i]).as("p %s element %d", p, i).isEqualTo(random.nextDouble() < p ? 0f : scale);
                }
            }
        }
    }

    @Test
    void dropoutIsReproduciblePerSeedAndPassAndDiffersBetweenPasses() {
        TrainableModel a = TrainableModel.initialise(TinyModels.v3(3), HeadType.SEQUENCE_CLASSIFICATION, 1);
        TrainableModel b = TrainableModel.initialise(TinyModels.v3(3), HeadType.SEQUENCE_CLASSIFICATION, 1);
        ModelInput in = TinyModels.batch();
        Labels labels = Labels.classes(0, 1, 2);
        float a1 = a.forwardBackward(in, labels);
        float a2 = a.forwardBackward(in, labels);
        assertThat(b.forwardBackward(in, labels)).isEqualTo(a1);
        assertThat(a2).as("a new pass draws new masks").isNotEqualTo(a1);
        assertThat(a.loss(in, labels)).as("eval mode has no dropout").isEqualTo(a.loss(in, labels))
                .isNotEqualTo(a1);
    }
}
