package dev.deberta4j.model;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.tensor.Tensor;

/**
 * Pooler + classifier: DebertaV2ForSequenceClassification (num_labels outputs; regression when 1), and
 * DebertaV2ForMultipleChoice (one score per choice, reshaped to [examples, choices]).
 */
final class SequenceClassificationHead implements Head {
    private final ContextPooler pooler;
    private final Linear classifier;
    private final boolean multipleChoice;

    SequenceClassificationHead(DebertaConfig c, WeightReader r, boolean multipleChoice) {
        this.pooler = new ContextPooler(c, r);
        this.multipleChoice = multipleChoice;
        this.classifier = Linear.head(r, "classifier", multipleChoice ? 1 : c.numLabels, pooler.outputSize());
    }

    @Override
    public Output forward(float[] lastHidden, ModelInput in) {
        float[] logits = classifier.forward(pooler.forward(lastHidden, in), in.batch());
        if (multipleChoice) {
            return Output.logits(new Tensor(logits, new int[]{in.batch() / in.numChoices(), in.numChoices()}));
        }
        return Output.logits(new Tensor(logits, new int[]{in.batch(), classifier.out}));
    }
}
