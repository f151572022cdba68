package dev.deberta4j.pipeline;

/** A required text of an input is empty (e.g. a question-answering context), which transformers rejects too. */
public final class EmptyInputException extends IllegalArgumentException {
    private final int index;
    private final String field;

    public EmptyInputException(int index, String field) {
        super("`" + field + "` cannot be empty (input " + index + ")");
        this.index = index;
        this.field = field;
    }

    /** Position of the offending input in the batch that was passed in. */
    public int index() {
        return index;
    }

    /** The empty field, e.g. {@code context}. */
    public String field() {
        return field;
    }
}
