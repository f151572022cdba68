package dev.deberta4j.data;

import java.nio.file.Path;

/** A data file that cannot be read as asked; the message names the file (and line or column where it applies). */
public final class DataFormatException extends RuntimeException {
    public DataFormatException(Path file, String message) {
        super(file + ": " + message);
    }

    public DataFormatException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
    }
}
