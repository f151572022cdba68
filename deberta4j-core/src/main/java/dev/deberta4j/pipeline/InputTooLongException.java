package dev.deberta4j.pipeline;

/** An input has more tokens than the model accepts and truncation was not asked for. */
public final class InputTooLongException extends IllegalArgumentException {
    private final int index;
    private final int tokens;
    private final int limit;

    public InputTooLongException(int index, int tokens, int limit) {
        super("input " + index + " has " + tokens + " tokens (special tokens included) but the model accepts at most "
                + limit + " (the tokenizer's model_max_length, or max_position_embeddings when the model adds "
                + "absolute position embeddings and that is smaller); "
                + "enable truncation (PipelineOptions.withTruncate, --truncate on the command line) to cut it");
        this.index = index;
        this.tokens = tokens;
        this.limit = limit;
    }

    /** Position of the offending input in the batch that was passed in. */
    public int index() {
        return index;
    }

    public int tokens() {
        return tokens;
    }

    public int limit() {
        return limit;
    }
}
