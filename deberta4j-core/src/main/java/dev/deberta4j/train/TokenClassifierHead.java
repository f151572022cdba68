package dev.deberta4j.train;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.model.ModelInput;

/** DebertaV2ForTokenClassification: dropout(hidden_dropout_prob) then a classifier on every token. */
final class TokenClassifierHead implements TrainingHead {
    private final DenseLayer classifier;
    private final double dropout;

    private int rows;
    private float[] classifierInput;
    private float[] mask;

    TokenClassifierHead(DebertaConfig c, ParameterSet p) {
        classifier = p.headDense("classifier");
        dropout = c.hiddenDropoutProb;
    }

    @Override
    public float[] forward(float[] lastHidden, ModelInput in, DropoutStream stream) {
        rows = in.batch() * in.seqLen();
        float[] x = lastHidden.clone();
        mask = Dropout.mask(dropout, x.length, stream, DropoutStream.CLASSIFIER_SITE);
        Dropout.apply(mask, x);
        classifierInput = x;
        return classifier.forward(x, rows);
    }

    @Override
    public int[] logitsShape(ModelInput in) {
        return new int[]{in.batch(), in.seqLen(), classifier.out};
    }

    @Override
    public float[] backward(float[] dLogits) {
        float[] dx = classifier.backward(classifierInput, dLogits, rows);
        Dropout.apply(mask, dx);
        return dx;
    }
}
