package dev.deberta4j.train;

/** The targets of one batch; which loss applies follows from the head and the kind of labels. */
public sealed interface Labels {

    /**
     * Class ids: one per example (sequence classification, multiple choice: the right choice) or one per token
     * (token classification, masked LM), {@link CrossEntropyLoss#IGNORE_INDEX} to ignore a row. Cross-entropy.
     */
    record Classes(int[] ids) implements Labels {
    }

    /** One float target per example for a regression head (num_labels = 1). MSE. */
    record Regression(float[] targets) implements Labels {
    }

    /** [batch, num_labels] targets in [0, 1] for multi-label classification. BCE-with-logits. */
    record MultiLabel(float[] targets) implements Labels {
    }

    /**
     * Answer spans for question answering: start and end token positions per example; positions outside the
     * sequence are clamped to L and ignored, as transformers does. Loss = (CE(start) + CE(end)) / 2.
     */
    record Spans(int[] startPositions, int[] endPositions) implements Labels {
    }

    static Labels classes(int... ids) {
        return new Classes(ids);
    }

    static Labels regression(float... targets) {
        return new Regression(targets);
    }
}
