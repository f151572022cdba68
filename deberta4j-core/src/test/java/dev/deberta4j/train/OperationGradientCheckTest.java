package dev.deberta4j.train;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.ModelInput;
import dev.deberta4j.model.RelativeIndex;
import dev.deberta4j.model.WeightInitializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import static dev.deberta4j.train.FiniteDifference.dot;
import static dev.deberta4j.train.FiniteDifference.weights;

/**
 * Finite-difference checks of each operation's backward pass on small random shapes, with respect to its inputs
 * and its parameters: objective Σ w·y for a fixed random w, so the upstream gradient is w.
 */
class OperationGradientCheckTest {
    private static final DropoutStream STREAM = new DropoutStream(true, 99);

    @Test
    void linear() {
        Parameter w = new Parameter("w", new int[]{5, 4}, weights(20, 1));
        Parameter b = new Parameter("b", new int[]{5}, weights(5, 2));
        TrainableLinear dense = new TrainableLinear(w, b);
        float[] x = weights(3 * 4, 3);
        float[] up = weights(3 * 5, 4);
        DoubleSupplier objective = () -> dot(up, dense.forward(x, 3));
        float[] dx = dense.backward(x, up, 3);
        FiniteDifference.check("linear x", x, dx, objective, 10);
        FiniteDifference.check("linear weight", w.data(), w.grad(), objective, 11);
        FiniteDifference.check("linear bias", b.data(), b.grad(), objective, 12);
    }

    @Test
    void layerNorm() {
        Parameter gamma = new Parameter("g", new int[]{6}, weights(6, 5));
        Parameter beta = new Parameter("b", new int[]{6}, weights(6, 6));
        TrainableLayerNorm ln = new TrainableLayerNorm(gamma, beta, 1e-7);
        float[] x = weights(4 * 6, 7);
        float[] up = weights(4 * 6, 8);
        DoubleSupplier objective = () -> dot(up, ln.forward(x, 4).y());
        float[] dx = ln.backward(ln.forward(x, 4), up);
        FiniteDifference.check("layer norm x", x, dx, objective, 13);
        FiniteDifference.check("layer norm weight", gamma.data(), gamma.grad(), objective, 14);
        FiniteDifference.check("layer norm bias", beta.data(), beta.grad(), objective, 15);
    }

    /** Disentangled attention for each relative-attention variant, with attention and position dropout on. */
    @ParameterizedTest
    @ValueSource(strings = {"v3 shared keys, buckets", "v2 separate projections", "c2p only", "p2c only", "no relative"})
    void disentangledAttention(String variant) {
        DebertaConfig c = switch (variant) {
            case "v3 shared keys, buckets" -> TinyModels.v3(2);
            case "v2 separate projections" -> TinyModels.v2WithEverything();
            case "c2p only" -> TinyModels.v3(2).with(Map.of("pos_att_type", "c2p"));
            case "p2c only" -> TinyModels.v2WithEverything().with(Map.of("pos_att_type", "p2c"));
            default -> TinyModels.v3(2).with(Map.of("relative_attention", false));
        };
        ParameterSet params = ParameterSet.load(c, HeadType.SEQUENCE_CLASSIFICATION,
                WeightInitializer.initialise(c, HeadType.SEQUENCE_CLASSIFICATION, 3), 3);
        TrainableDisentangledSelfAttention attention = new TrainableDisentangledSelfAttention(c, params, "encoder.layer.1.attention.self.", 1);
        ModelInput in = TinyModels.batch();
        RelativeIndex rel = RelativeIndex.of(c, in.seqLen());
        float[] relEmbeddings = c.relativeAttention ? weights(c.relEmbeddingRows() * c.hiddenSize, 21) : null;
        float[] hidden = weights(in.batch() * in.seqLen() * c.hiddenSize, 22);
        float[] up = weights(in.batch() * in.seqLen() * c.allHeadSize(), 23);
        DoubleSupplier objective = () -> dot(up, attention.forward(hidden, in, rel, relEmbeddings, STREAM));
        attention.forward(hidden, in, rel, relEmbeddings, STREAM);
        float[] dRel = relEmbeddings != null ? new float[relEmbeddings.length] : null;
        float[] dHidden = attention.backward(up, dRel);
        FiniteDifference.check(variant + ": hidden", hidden, dHidden, objective, 30);
        if (relEmbeddings != null) FiniteDifference.check(variant + ": rel embeddings", relEmbeddings, dRel, objective, 31);
        long seed = 40;
        for (Parameter p : params.list()) {
            if (p.name().contains("layer.1.attention.self.")) {
                FiniteDifference.check(variant + ": " + p.name(), p.data(), p.grad(), objective, seed++);
            }
        }
    }

    @Test
    void convolutionLayer() {
        DebertaConfig c = TinyModels.v2WithEverything();
        ParameterSet params = ParameterSet.load(c, HeadType.SEQUENCE_CLASSIFICATION,
                WeightInitializer.initialise(c, HeadType.SEQUENCE_CLASSIFICATION, 4), 4);
        TrainableConvLayer conv = new TrainableConvLayer(c, params, DropoutStream.CONV_SITE);
        ModelInput in = TinyModels.batch();
        int n = in.batch() * in.seqLen() * c.hiddenSize;
        float[] embedded = weights(n, 51);
        float[] residual = weights(n, 52);
        float[] up = weights(n, 53);
        DoubleSupplier objective = () -> dot(up, conv.forward(embedded, residual, in, STREAM));
        conv.forward(embedded, residual, in, STREAM);
        float[] dEmbedded = new float[n];
        float[] dResidual = conv.backward(up, dEmbedded);
        FiniteDifference.check("conv input", embedded, dEmbedded, objective, 54);
        FiniteDifference.check("conv residual", residual, dResidual, objective, 55);
        long seed = 56;
        for (Parameter p : params.list()) {
            if (p.name().contains("encoder.conv.")) FiniteDifference.check(p.name(), p.data(), p.grad(), objective, seed++);
        }
    }

    @Test
    void embeddingsWithPositionsTokenTypesAndProjection() {
        DebertaConfig c = TinyModels.v2WithEverything();
        ParameterSet params = ParameterSet.load(c, HeadType.SEQUENCE_CLASSIFICATION,
                WeightInitializer.initialise(c, HeadType.SEQUENCE_CLASSIFICATION, 5), 5);
        TrainableEmbeddings embeddings = new TrainableEmbeddings(c, params);
        ModelInput in = TinyModels.batch();
        float[] up = weights(in.batch() * in.seqLen() * c.hiddenSize, 61);
        DoubleSupplier objective = () -> dot(up, embeddings.forward(in, STREAM));
        embeddings.forward(in, STREAM);
        embeddings.backward(up);
        long seed = 62;
        for (Parameter p : params.list()) {
            if (p.name().contains("embeddings.")) FiniteDifference.check(p.name(), p.data(), p.grad(), objective, seed++);
        }
    }

    @Test
    void crossEntropyWithIgnoredRows() {
        float[] logits = weights(4 * 5, 71);
        int[] labels = {3, CrossEntropyLoss.IGNORE_INDEX, 0, 4};
        FiniteDifference.check("cross-entropy logits", logits, CrossEntropyLoss.compute(logits, 4, 5, labels).gradient(),
                () -> CrossEntropyLoss.compute(logits, 4, 5, labels).loss(), 72);
    }

    @Test
    void mse() {
        float[] predictions = weights(6, 73);
        float[] targets = weights(6, 74);
        FiniteDifference.check("mse", predictions, MseLoss.compute(predictions, targets).gradient(),
                () -> MseLoss.compute(predictions, targets).loss(), 75);
    }

    @Test
    void bceWithLogits() {
        float[] logits = weights(8, 76);
        float[] targets = new float[8];
        SplittableRandom random = new SplittableRandom(77);
        for (int i = 0; i < 8; i++) targets[i] = random.nextInt(2);
        FiniteDifference.check("bce", logits, BceWithLogitsLoss.compute(logits, targets).gradient(),
                () -> BceWithLogitsLoss.compute(logits, targets).loss(), 78);
    }
}
