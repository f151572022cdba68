package dev.deberta4j.model;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.tensor.Tensor;

/**
 * Pooler + classifier: *ForSequenceClassification (num_labels outputs; regression when 1), and *ForMultipleChoice
 * (one score per choice, reshaped to [examples, choices]); each family's names from {@link HeadLayout#pooled}.
 */
final class SequenceClassificationHead implements Head {
    private final ContextPooler pooler;
    private final Linear classifier;
    private final boolean multipleChoice;

    SequenceClassificationHead(DebertaConfig c, WeightReader r, boolean multipleChoice) {
        HeadLayout.Pooled layout = HeadLayout.pooled(c, multipleChoice);
        this.pooler = new ContextPooler(c, r, layout);
        this.multipleChoice = multipleChoice;
        this.classifier = Linear.head(r, layout.out(), multipleChoice ? 1 : c.numLabels, pooler.outputSize());
    }

    @Override
    public Output forward(float[] lastHidden, ModelInput in) {
        float[] logits = classifier.forward(pooler.forward(lastHidden, in), in.batch());
        HeadType head = multipleChoice ? HeadType.MULTIPLE_CHOICE : HeadType.SEQUENCE_CLASSIFICATION;
        return Output.logits(new Tensor(logits, HeadMath.logitsShape(head, in, classifier.out)));
    }
}
