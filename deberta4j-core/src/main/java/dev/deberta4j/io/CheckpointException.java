package dev.deberta4j.io;

import java.nio.file.Path;

/** A checkpoint file that cannot be read or written; the message is {@code "<file>: <reason>"}. */
public final class CheckpointException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    public CheckpointException(Path file, String reason) {
        super(file + ": " + reason);
        this.file = file;
    }

    public CheckpointException(Path file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
        this.file = file;
    }

    /** The file (or index) the problem is in. */
    public Path file() {
        return file;
    }
}
