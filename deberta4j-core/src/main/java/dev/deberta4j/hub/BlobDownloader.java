package dev.deberta4j.hub;

import dev.deberta4j.download.DownloadListener;
import dev.deberta4j.download.FileDigests;
import dev.deberta4j.download.PartialFileTransfer;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Fetches one blob into {@code blobs/{etag}.incomplete}, resuming with HTTP Range from whatever an earlier attempt
 * (in this process or a previous one) left there, then verifies it and renames it to {@code blobs/{etag}}.
 * The caller holds the {@link BlobLock}. A dropped connection is retried a few times from the current length;
 * after that the partial file is kept so the next run resumes it.
 */
final class BlobDownloader {

    private final HubApi api;
    private final int maxAttempts;
    private final Duration stallTimeout;

    /**
     * @param maxAttempts  transfers tried per file, each resuming from the bytes on disk
     * @param stallTimeout how long a transfer may deliver nothing before it counts as dropped
     */
    BlobDownloader(HubApi api, int maxAttempts, Duration stallTimeout) {
        this.api = api;
        this.maxAttempts = maxAttempts;
        this.stallTimeout = stallTimeout;
    }

    /** Downloads {@code file} (described by {@code meta}) to {@code cache.blob(meta.etag())}. */
    void download(RepoCache cache, RepoId repo, String file, FileMetadata meta, DownloadListener listener)
            throws IOException {
        Path incomplete = cache.incompleteBlob(meta.etag());
        Files.createDirectories(incomplete.getParent());
        long resumedFrom = Files.exists(incomplete) ? Files.size(incomplete) : 0;
        listener.started(file, meta.size(), resumedFrom);
        IOException lastFailure = null;
        boolean complete = isComplete(incomplete, meta.size());
        for (int attempt = 1; !complete && attempt <= maxAttempts; attempt++) {
            try {
                transferRest(incomplete, repo, file, meta, listener);
                lastFailure = null;
                complete = meta.size() < 0 || Files.size(incomplete) >= meta.size();
            } catch (HubException e) {
                throw e;
            } catch (IOException e) {
                lastFailure = e; // dropped connection or timeout: retry from what is on disk
            }
        }
        long have = Files.exists(incomplete) ? Files.size(incomplete) : 0;
        if (!complete) {
            throw new HubException(HubException.Reason.NETWORK, "download of " + file + " from " + repo
                    + " stopped after " + have + " of " + (meta.size() < 0 ? "?" : meta.size()) + " bytes ("
                    + maxAttempts + " attempts" + (lastFailure == null ? "" : ", last error: " + lastFailure) + "); "
                    + "the partial file " + incomplete + " is kept and the next run resumes it", lastFailure);
        }
        if (meta.size() >= 0 && have > meta.size()) {
            Files.delete(incomplete);
            throw new HubException(HubException.Reason.PROTOCOL, "download of " + file + " from " + repo + " gave "
                    + have + " bytes but the Hub announced " + meta.size() + "; the download was deleted");
        }
        if (meta.etagIsSha256()) {
            verifySha256(incomplete, file, meta.etag());
        } else if (meta.etagIsGitBlobId()) {
            verifyGitBlobId(incomplete, file, meta.etag());
        } else if (meta.size() < 0) {
            // Neither a length nor a digest to check against: a cut-off body would look complete for good.
            Files.delete(incomplete);
            throw new HubException(HubException.Reason.PROTOCOL, "the Hub announced neither a size nor a verifiable"
                    + " ETag (sha256 or git blob id) for " + file + " of " + repo + " (ETag '" + meta.etag()
                    + "'); the download cannot be checked, so it was not kept");
        }
        Files.move(incomplete, cache.blob(meta.etag()), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** A partial file already as long as announced (an earlier run stopped before renaming it). */
    private static boolean isComplete(Path incomplete, long size) throws IOException {
        return Files.exists(incomplete) && size >= 0 && Files.size(incomplete) >= size;
    }

    /** One GET from the current end of the partial file; throws IOException if the stream breaks. */
    private void transferRest(Path incomplete, RepoId repo, String file, FileMetadata meta,
            DownloadListener listener) throws IOException {
        long offset = Files.exists(incomplete) ? Files.size(incomplete) : 0;
        HttpResponse<InputStream> response = api.download(meta.location(), offset, repo, meta.commit(), file);
        long start = 0; // 200 instead of 206: the server ignored Range, so start over
        if (response.statusCode() == 206) {
            OptionalLong rangeStart = PartialFileTransfer.contentRangeStart(response);
            if (rangeStart.isEmpty()) {
                response.body().close();
                throw new HubException(HubException.Reason.PROTOCOL, "206 response for " + file
                        + " has no usable Content-Range header: '"
                        + response.headers().firstValue("Content-Range").orElse("") + "'");
            }
            start = rangeStart.getAsLong();
        }
        if (start != 0 && start != offset) {
            response.body().close();
            throw new HubException(HubException.Reason.PROTOCOL, "asked for " + file + " from byte " + offset
                    + " but the server sent a range starting at " + start);
        }
        PartialFileTransfer.appendBody(response, start, incomplete, stallTimeout, meta.location().getHost(),
                done -> listener.progressed(file, done));
    }

    /** Regular (non-LFS) files are named by their git blob id, the SHA-1 of "blob {length}\0" and the bytes. */
    private static void verifyGitBlobId(Path blob, String file, String expected) throws IOException {
        String actual = FileDigests.of(blob).gitBlobSha1();
        if (!actual.equals(expected)) {
            Files.delete(blob);
            throw new HubException(HubException.Reason.CHECKSUM_MISMATCH, "checksum mismatch for " + file
                    + ": expected git blob id " + expected + " (the Hub's ETag) but the download has " + actual + "; the corrupt or truncated download was deleted, run again to retry");
        }
    }

    /** LFS blobs are named by their SHA-256: a mismatch means corruption, so the bytes are thrown away. */
    private static void verifySha256(Path blob, String file, String expected) throws IOException {
        String actual = FileDigests.sha256(blob);
        if (!actual.equals(expected)) {
            Files.delete(blob);
            throw new HubException(HubException.Reason.CHECKSUM_MISMATCH, "checksum mismatch for " + file
                    + ": expected sha256 " + expected + " (the Hub's ETag) but the download has sha256 " + actual
                    + "; the corrupt download was deleted, run again to retry");
        }
    }
}
