package dev.deberta4j.train;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.model.HeadMath;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.ModelInput;

/** DebertaV2ForTokenClassification: dropout(hidden_dropout_prob) then a classifier on every token. */
final class TrainableTokenClassificationHead implements TrainableHead {
    private final TrainableLinear classifier;
    private final double dropout;

    private int rows;
    private float[] classifierInput;
    private float[] mask;

    TrainableTokenClassificationHead(DebertaConfig c, ParameterSet p) {
        classifier = p.headDense("classifier");
        dropout = c.hiddenDropoutProb;
    }

    @Override
    public float[] forward(float[] lastHidden, ModelInput in, DropoutStream stream) {
        rows = in.batch() * in.seqLen();
        float[] x = lastHidden.clone();
        mask = Dropout.drop(dropout, x, stream, DropoutStream.CLASSIFIER_SITE);
        classifierInput = x;
        return classifier.forward(x, rows);
    }

    @Override
    public int[] logitsShape(ModelInput in) {
        return HeadMath.logitsShape(HeadType.TOKEN_CLASSIFICATION, in, classifier.out);
    }

    @Override
    public float[] backward(float[] dLogits) {
        float[] dx = classifier.backward(classifierInput, dLogits, rows);
        Dropout.apply(mask, dx);
        return dx;
    }
}
