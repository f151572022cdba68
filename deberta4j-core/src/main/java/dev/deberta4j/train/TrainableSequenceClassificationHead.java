package dev.deberta4j.train;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.kernels.Activation;
import dev.deberta4j.kernels.Activations;
import dev.deberta4j.model.HeadLayout;
import dev.deberta4j.model.HeadMath;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.ModelInput;

/**
 * ContextPooler + classifier (*ForSequenceClassification, and *ForMultipleChoice with one score per choice):
 * first token → dropout(pooler_dropout) → dense → activation → dropout(cls_dropout) → classifier, each family's
 * names from {@link HeadLayout#pooled} (BERT's dense is its backbone pooler, ELECTRA's and RoBERTa's
 * classifier.dense, DistilBERT's pre_classifier).
 */
final class TrainableSequenceClassificationHead implements TrainableHead {
    private final int hidden;
    private final TrainableLinear pooler;
    private final Activation activation;
    private final TrainableLinear classifier;
    private final double poolerDropout;
    private final double classifierDropout;
    private final boolean multipleChoice;

    private ModelInput input;
    private float[] pooledInput;
    private float[] poolerMask;
    private float[] preActivation;
    private float[] classifierInput;
    private float[] classifierMask;

    TrainableSequenceClassificationHead(DebertaConfig c, ParameterSet p, boolean multipleChoice) {
        hidden = c.hiddenSize;
        HeadLayout.Pooled layout = HeadLayout.pooled(c, multipleChoice);
        pooler = p.headDense(layout.dense());
        activation = layout.activation();
        classifier = p.headDense(layout.out());
        poolerDropout = c.poolerDropout;
        classifierDropout = c.clsDropout;
        this.multipleChoice = multipleChoice;
    }

    @Override
    public float[] forward(float[] lastHidden, ModelInput in, DropoutStream stream) {
        input = in;
        int batch = in.batch();
        float[] first = HeadMath.firstTokens(lastHidden, in, hidden);
        poolerMask = Dropout.drop(poolerDropout, first, stream, DropoutStream.POOLER_SITE);
        pooledInput = first;
        preActivation = pooler.forward(first, batch);
        float[] pooled = preActivation.clone();
        Activations.apply(activation, pooled, 0, pooled.length);
        classifierMask = Dropout.drop(classifierDropout, pooled, stream, DropoutStream.CLASSIFIER_SITE);
        classifierInput = pooled;
        return classifier.forward(pooled, batch);
    }

    @Override
    public int[] logitsShape(ModelInput in) {
        return HeadMath.logitsShape(multipleChoice ? HeadType.MULTIPLE_CHOICE : HeadType.SEQUENCE_CLASSIFICATION, in,
                classifier.out);
    }

    @Override
    public float[] backward(float[] dLogits) {
        int batch = input.batch();
        float[] dPooled = classifier.backward(classifierInput, dLogits, batch);
        Dropout.apply(classifierMask, dPooled);
        Activations.backward(activation, preActivation, 0, dPooled, 0, dPooled.length);
        float[] dFirst = pooler.backward(pooledInput, dPooled, batch);
        Dropout.apply(poolerMask, dFirst);
        return HeadMath.atFirstTokens(dFirst, input, hidden);
    }
}
