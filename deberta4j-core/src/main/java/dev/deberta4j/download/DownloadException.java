package dev.deberta4j.download;

import java.io.IOException;

/**
 * A download that failed for a reason the user can act on: the message is one line that says what to do, and
 * {@link #reason()} says which failure it was, so a caller (the CLI) can show the message alone, without a stack
 * trace. The two downloaders each have their own reasons: {@code hub.HubException} for models,
 * {@code DataFetchException} for benchmark data.
 */
public abstract class DownloadException extends IOException {
    private final Enum<?> reason;

    protected DownloadException(Enum<?> reason, String message) {
        super(message);
        this.reason = reason;
    }

    protected DownloadException(Enum<?> reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Why the download failed, as the downloader's own enum (each subclass narrows the type). */
    public Enum<?> reason() {
        return reason;
    }
}
