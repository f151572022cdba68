package dev.deberta4j.corpus;

/** A corpus that cannot be read as asked; the message names the file (and line where it applies). */
public final class CorpusException extends RuntimeException {
    public CorpusException(String message) {
        super(message);
    }

    public CorpusException(String message, Throwable cause) {
        super(message, cause);
    }
}
