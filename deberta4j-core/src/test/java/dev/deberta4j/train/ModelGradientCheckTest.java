package dev.deberta4j.train;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.ModelInput;
import org.junit.jupiter.api.Test;

/**
 * Finite-difference checks of the whole model's gradient, parameter by parameter, with dropout on (the masks of
 * one fixed dropout stream are reused by every evaluation), for every head and loss.
 */
class ModelGradientCheckTest {
    private static final DropoutStream STREAM = new DropoutStream(true, 1234);

    @Test
    void v3SequenceClassificationWithCrossEntropy() {
        check(TinyModels.v3(3), HeadType.SEQUENCE_CLASSIFICATION, TinyModels.batch(), Labels.classes(2, 0, 1));
    }

    @Test
    void v2WithConvTokenTypesPositionsAndProjection() {
        check(TinyModels.v2WithEverything(), HeadType.SEQUENCE_CLASSIFICATION, TinyModels.batch(),
                Labels.classes(1, 2, 0));
    }

    @Test
    void regressionWithMse() {
        check(TinyModels.v3(1), HeadType.SEQUENCE_CLASSIFICATION, TinyModels.batch(),
                Labels.regression(0.5f, -1.25f, 2f));
    }

    @Test
    void multiLabelWithBceWithLogits() {
        check(TinyModels.v3(2), HeadType.SEQUENCE_CLASSIFICATION, TinyModels.batch(),
                new Labels.MultiLabel(new float[]{1, 0, 0, 1, 1, 1}));
    }

    @Test
    void tokenClassificationIgnoringPadding() {
        ModelInput in = TinyModels.batch();
        check(TinyModels.v3(3), HeadType.TOKEN_CLASSIFICATION, in, new Labels.Classes(TinyModels.tokenLabels(in, 3)));
    }

    @Test
    void maskedLmWithTiedDecoder() {
        ModelInput in = TinyModels.batch();
        check(TinyModels.v2WithEverything(), HeadType.MASKED_LM, in, new Labels.Classes(TinyModels.tokenLabels(in, 40)));
    }

    /**
     * Unpadded: QA's softmax runs over padded positions too, and with freshly initialised (zero) biases a padded
     * row reaches a LayerNorm as an all-zero vector, where the gradient is 1/√eps and finite differences break down.
     */
    @Test
    void questionAnsweringSpans() {
        check(TinyModels.v3(2), HeadType.QUESTION_ANSWERING, TinyModels.batch(7, 7, 7),
                new Labels.Spans(new int[]{1, 0, 9}, new int[]{3, 4, 2}));
    }

    @Test
    void multipleChoice() {
        check(TinyModels.v3(2), HeadType.MULTIPLE_CHOICE, TinyModels.batch().asChoices(3), Labels.classes(2));
    }

    private static void check(DebertaConfig config, HeadType head, ModelInput in, Labels labels) {
        TrainableModel model = TrainableModel.initialise(config, head, 7);
        model.zeroGrad();
        model.forwardBackward(in, labels, 1f, STREAM);
        long seed = 1;
        for (Parameter p : model.parameters()) {
            if (p.name().endsWith("position_embeddings.weight") || p.name().equals("deberta.embeddings.word_embeddings.weight")
                    && head != HeadType.MASKED_LM) {
                checkRowsInUse(model, p, in, labels);
                continue;
            }
            FiniteDifference.check(head + " " + p.name(), p.data(), p.grad(),
                    () -> model.lossWith(in, labels, STREAM), seed++);
        }
    }

    /** Embedding tables whose unused rows have zero gradient: perturb only the rows this batch reads. */
    private static void checkRowsInUse(TrainableModel model, Parameter p, ModelInput in, Labels labels) {
        int cols = p.shape()[1];
        int rows = p.shape()[0];
        boolean[] used = new boolean[rows];
        if (p.name().endsWith("position_embeddings.weight")) {
            for (int t = 0; t < in.seqLen(); t++) used[t] = true;
        } else {
            for (int id : in.inputIds()) used[id] = id != model.config().padTokenId;
        }
        float[] u = new float[p.size()];
        float[] g = new float[p.size()];
        for (int r = 0; r < rows; r++) {
            if (!used[r]) continue;
            System.arraycopy(p.grad(), r * cols, g, r * cols, cols);
        }
        // Unused rows have zero analytic gradient; the directional check over the used rows covers the rest.
        FiniteDifference.check(p.name() + " (rows in use)", p.data(), g, () -> model.lossWith(in, labels, STREAM), 99);
    }
}
