package dev.deberta4j.download;

import java.io.IOException;

/**
 * A download that failed for a reason the user can act on: the message is one line that says what to do, and
 * {@link #reason()} says which failure it was, so a caller (the CLI) can show the message alone, without a stack
 * trace. The two downloaders each have their own reasons: {@code hub.HubException} for models,
 * {@code DataFetchException} for benchmark data.
 */
public abstract class DownloadException extends IOException {

    protected DownloadException(String message) {
        super(message);
    }

    protected DownloadException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Why the download failed, as the downloader's own enum. */
    public abstract Enum<?> reason();
}
