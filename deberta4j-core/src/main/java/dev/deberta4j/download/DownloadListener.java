package dev.deberta4j.download;

/**
 * Progress of a download, reported file by file from the downloading thread, so a UI (the CLI's progress bars)
 * can render it while the core stays free of terminal code. All methods default to doing nothing.
 */
public interface DownloadListener {

    DownloadListener NONE = new DownloadListener() { };

    /**
     * A file transfer begins.
     *
     * @param totalBytes       the file size, -1 if unknown
     * @param resumedFromBytes bytes already present from an earlier interrupted download (0 for a fresh one)
     */
    default void started(String file, long totalBytes, long resumedFromBytes) { }

    /** {@code bytesDone} of the file are now on disk (including resumed bytes). */
    default void progressed(String file, long bytesDone) { }

    /** The file is complete, verified and linked into the snapshot. */
    default void finished(String file) { }

    /** The file was already in the cache; nothing was transferred. */
    default void alreadyCached(String file) { }
}
