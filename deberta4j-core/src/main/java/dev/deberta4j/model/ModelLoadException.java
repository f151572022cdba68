package dev.deberta4j.model;

/** A checkpoint that does not fit its config or the requested head. */
public final class ModelLoadException extends RuntimeException {
    public ModelLoadException(String message) {
        super(message);
    }
}
