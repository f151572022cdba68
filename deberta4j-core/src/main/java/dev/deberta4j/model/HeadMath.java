package dev.deberta4j.model;

/**
 * What the task heads of inference ({@link Head}) and training ({@code train.TrainableHead}) share besides their
 * layers: the first-token rows a pooled head reads (and the adjoint that puts their gradient back), and the shape
 * of each head's logits. Internal: public only because {@code train} is another package.
 */
public final class HeadMath {
    private HeadMath() {
    }

    /** Each sequence's first token of [batch·L, width]: [batch, width] (transformers' hidden_states[:, 0]). */
    public static float[] firstTokens(float[] hidden, ModelInput in, int width) {
        float[] first = new float[in.batch() * width];
        for (int b = 0; b < in.batch(); b++) System.arraycopy(hidden, b * in.seqLen() * width, first, b * width, width);
        return first;
    }

    /** The adjoint of {@link #firstTokens}: [batch, width] placed at each sequence's first row of [batch·L, width]. */
    public static float[] atFirstTokens(float[] first, ModelInput in, int width) {
        float[] hidden = new float[in.batch() * in.seqLen() * width];
        for (int b = 0; b < in.batch(); b++) System.arraycopy(first, b * width, hidden, b * in.seqLen() * width, width);
        return hidden;
    }

    /**
     * The logits' shape as transformers returns them, for {@code outputs} values per sequence or token:
     * [batch, outputs] (sequence classification), [examples, choices] (multiple choice), [batch, L, outputs]
     * (token classification, masked LM), [batch, L] (replaced-token detection) and [batch, L, 2] for question
     * answering, whose start and end logits inference returns as two [batch, L] tensors.
     */
    public static int[] logitsShape(HeadType head, ModelInput in, int outputs) {
        return switch (head) {
            case SEQUENCE_CLASSIFICATION -> new int[]{in.batch(), outputs};
            case MULTIPLE_CHOICE -> new int[]{in.batch() / in.numChoices(), in.numChoices()};
            case TOKEN_CLASSIFICATION, MASKED_LM, QUESTION_ANSWERING -> new int[]{in.batch(), in.seqLen(), outputs};
            case REPLACED_TOKEN_DETECTION -> new int[]{in.batch(), in.seqLen()};
            case BASE -> throw new IllegalArgumentException("a backbone without a head has no logits");
        };
    }
}
