package dev.deberta4j.config;

import java.nio.file.Path;

/** A config.json that cannot be used: names the file, the field and what was expected. */
public final class ConfigException extends RuntimeException {
    private final transient Path file;

    public ConfigException(Path file, String message) {
        super((file == null ? "config" : file.toString()) + ": " + message);
        this.file = file;
    }

    public ConfigException(Path file, String message, Throwable cause) {
        super((file == null ? "config" : file.toString()) + ": " + message, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
