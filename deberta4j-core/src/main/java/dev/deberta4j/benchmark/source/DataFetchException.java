package dev.deberta4j.benchmark.source;

import dev.deberta4j.download.DownloadException;

/** A data download that failed for a reason the user can act on; {@link #reason()} says which. */
public final class DataFetchException extends DownloadException {

    public enum Reason {
        /** The source (or mirror) answered 404 for the file. */
        NOT_FOUND,
        /** Another HTTP status the fetcher cannot use. */
        HTTP_STATUS,
        /** The server's answer broke the protocol (a range starting elsewhere than asked). */
        PROTOCOL,
        /** The downloaded bytes do not have the expected digests; the download was deleted. */
        CHECKSUM_MISMATCH,
        /** A file already in the data folder does not have the expected digests and {@code force} was not given. */
        LOCAL_MISMATCH,
        /** The transfer failed after every attempt; the partial file is kept for the next run. */
        NETWORK
    }

    public DataFetchException(Reason reason, String message) {
        super(reason, message);
    }

    public DataFetchException(Reason reason, String message, Throwable cause) {
        super(reason, message, cause);
    }

    @Override
    public Reason reason() {
        return (Reason) super.reason();
    }
}
