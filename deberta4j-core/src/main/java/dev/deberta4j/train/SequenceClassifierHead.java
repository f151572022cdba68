package dev.deberta4j.train;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.model.HeadLayout;
import dev.deberta4j.model.ModelInput;
import dev.deberta4j.tensor.Activations;

/**
 * ContextPooler + classifier (*ForSequenceClassification, and *ForMultipleChoice with one score per choice):
 * first token → dropout(pooler_dropout) → dense → activation → dropout(cls_dropout) → classifier, each family's
 * names from {@link HeadLayout#pooled} (BERT's dense is its backbone pooler, ELECTRA's and RoBERTa's
 * classifier.dense, DistilBERT's pre_classifier).
 */
final class SequenceClassifierHead implements TrainingHead {
    private final int hidden;
    private final DenseLayer pooler;
    private final String activation;
    private final DenseLayer classifier;
    private final double poolerDropout;
    private final double classifierDropout;
    private final boolean multipleChoice;

    private ModelInput input;
    private float[] pooledInput;
    private float[] poolerMask;
    private float[] preActivation;
    private float[] classifierInput;
    private float[] classifierMask;

    SequenceClassifierHead(DebertaConfig c, ParameterSet p, boolean multipleChoice) {
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
        float[] first = new float[batch * hidden];
        for (int b = 0; b < batch; b++) System.arraycopy(lastHidden, b * in.seqLen() * hidden, first, b * hidden, hidden);
        poolerMask = Dropout.mask(poolerDropout, first.length, stream, DropoutStream.POOLER_SITE);
        Dropout.apply(poolerMask, first);
        pooledInput = first;
        preActivation = pooler.forward(first, batch);
        float[] pooled = preActivation.clone();
        Activations.apply(activation, pooled, 0, pooled.length);
        classifierMask = Dropout.mask(classifierDropout, pooled.length, stream, DropoutStream.CLASSIFIER_SITE);
        Dropout.apply(classifierMask, pooled);
        classifierInput = pooled;
        return classifier.forward(pooled, batch);
    }

    @Override
    public int[] logitsShape(ModelInput in) {
        return multipleChoice ? new int[]{in.batch() / in.numChoices(), in.numChoices()}
                : new int[]{in.batch(), classifier.out};
    }

    @Override
    public float[] backward(float[] dLogits) {
        int batch = input.batch();
        float[] dPooled = classifier.backward(classifierInput, dLogits, batch);
        Dropout.apply(classifierMask, dPooled);
        Activations.backward(activation, preActivation, 0, dPooled, 0, dPooled.length);
        float[] dFirst = pooler.backward(pooledInput, dPooled, batch);
        Dropout.apply(poolerMask, dFirst);
        float[] dHidden = new float[batch * input.seqLen() * hidden];
        for (int b = 0; b < batch; b++) System.arraycopy(dFirst, b * hidden, dHidden, b * input.seqLen() * hidden, hidden);
        return dHidden;
    }
}
