package dev.deberta4j.hub;

import dev.deberta4j.download.DownloadException;

/** A Hub download or cache lookup that failed for a reason the user can act on; {@link #reason()} says which. */
public final class HubException extends DownloadException {

    /** Why the operation failed. */
    public enum Reason {
        /** 401/403: the repo needs a token (gated or private). */
        GATED_OR_PRIVATE,
        /** 404 on the repo or the revision. */
        NOT_FOUND,
        /** 404 on one file of an existing repo. */
        FILE_NOT_FOUND,
        /** Offline mode and the cache does not hold what was asked. */
        NOT_IN_CACHE,
        /** The downloaded bytes do not hash to the ETag the Hub announced. */
        CHECKSUM_MISMATCH,
        /** The server answered something this client cannot use (other status, missing header, bad JSON). */
        PROTOCOL,
        /** The transfer failed (connection refused or dropped) after retries. */
        NETWORK
    }

    public HubException(Reason reason, String message) {
        super(reason, message);
    }

    public HubException(Reason reason, String message, Throwable cause) {
        super(reason, message, cause);
    }

    @Override
    public Reason reason() {
        return (Reason) super.reason();
    }
}
