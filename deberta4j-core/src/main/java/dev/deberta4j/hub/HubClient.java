package dev.deberta4j.hub;

import dev.deberta4j.download.DownloadListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Downloads Hub repos into the shared huggingface_hub cache and finds them there again, like Python's
 * {@code snapshot_download}: a file already in the cache is never fetched twice, whichever program fetched it.
 */
public final class HubClient {

    /** Attempts per file before a dropped transfer is reported (each resumes where the last one stopped). */
    private static final int MAX_ATTEMPTS = 5;
    /** A transfer that delivers no byte for this long is dropped and resumed. */
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(30);

    private final HubSettings settings;
    private final HubApi api;
    private final BlobDownloader downloader;

    public HubClient(HubSettings settings) {
        this(settings, STALL_TIMEOUT);
    }

    /** For tests: a shorter wait before a silent transfer counts as dropped. */
    HubClient(HubSettings settings, Duration stallTimeout) {
        this(settings, stallTimeout, HubApi.API_DEADLINE, HubApi.MAX_API_BYTES);
    }

    /** For tests: also shorter limits on API responses (whole-response deadline, byte cap). */
    HubClient(HubSettings settings, Duration stallTimeout, Duration apiDeadline, long maxApiBytes) {
        this.settings = settings;
        this.api = new HubApi(settings, stallTimeout, apiDeadline, maxApiBytes);
        this.downloader = new BlobDownloader(api, MAX_ATTEMPTS, stallTimeout);
    }

    public HubSettings settings() {
        return settings;
    }

    /**
     * Makes {@code snapshots/{commit}} hold the selected files of {@code repoId} at {@code revision} and returns it.
     * Offline ({@code HF_HUB_OFFLINE}), or when the Hub cannot be reached, answers from the cache like
     * {@link #resolveCached}.
     *
     * @param includeGlobs fnmatch globs choosing the files; empty for {@link FileSelection}'s default
     */
    public Path snapshotDownload(String repoId, String revision, List<String> includeGlobs,
            DownloadListener listener) throws IOException {
        RepoId repo = RepoId.parse(repoId);
        if (settings.offline()) {
            return resolveCached(repoId, revision);
        }
        RepoInfo info;
        try {
            info = api.repoInfo(repo, revision);
        } catch (HubException e) {
            throw e;
        } catch (IOException e) {
            // Unreachable Hub (no network, DNS, refused, timeout): use the cache as huggingface_hub does.
            return cachedOrExplain(repo, revision, e);
        }
        RepoCache cache = new RepoCache(settings.cacheDir(), repo);
        cache.create();
        cache.writeRef(revision, info.commit());
        List<String> files = FileSelection.select(info.files(), includeGlobs);
        if (files.isEmpty()) {
            throw new HubException(HubException.Reason.FILE_NOT_FOUND, "no file of repo " + repo + " (revision "
                    + revision + ") matches " + (includeGlobs.isEmpty() ? "the default selection" : includeGlobs)
                    + "; the repo has: " + info.files());
        }
        for (String file : files) {
            fetchIntoSnapshot(repo, cache, info.commit(), file, listener);
        }
        return cache.snapshotDir(info.commit());
    }

    /**
     * The cached snapshot of {@code repoId} at {@code revision} (a branch, tag or commit hash), without any network
     * access; {@link HubException.Reason#NOT_IN_CACHE} when the cache has no such snapshot.
     */
    public Path resolveCached(String repoId, String revision) throws IOException {
        RepoId repo = RepoId.parse(repoId);
        RepoCache cache = new RepoCache(settings.cacheDir(), repo);
        var commit = cache.commitFor(revision);
        if (commit.isPresent() && Files.isDirectory(cache.snapshotDir(commit.get()))) {
            return cache.snapshotDir(commit.get());
        }
        String prefix = settings.offline() ? "HF_HUB_OFFLINE=1 and " : "";
        throw new HubException(HubException.Reason.NOT_IN_CACHE, prefix + repo + " (revision " + revision
                + ") is not in the cache at " + settings.cacheDir()
                + (commit.isPresent() ? " (refs/" + revision + " names commit " + commit.get()
                        + " but its snapshot folder is missing)" : ""));
    }

    private Path cachedOrExplain(RepoId repo, String revision, IOException cause) throws IOException {
        try {
            return resolveCached(repo.toString(), revision);
        } catch (HubException notCached) {
            throw new HubException(HubException.Reason.NETWORK, "cannot reach " + settings.endpoint() + " ("
                    + cause + ") and " + notCached.getMessage(), cause);
        }
    }

    private void fetchIntoSnapshot(RepoId repo, RepoCache cache, String commit, String file,
            DownloadListener listener) throws IOException {
        if (Files.exists(cache.snapshotFile(commit, file))) { // follows the link: the blob is there too
            listener.alreadyCached(file);
            return;
        }
        FileMetadata meta = api.fileMetadata(repo, commit, file);
        try (BlobLock ignored = BlobLock.acquire(cache.lockFile(meta.etag()))) {
            // Another thread or process may have finished this blob while we waited for the lock.
            boolean cached = Files.exists(cache.blob(meta.etag()));
            if (!cached) {
                downloader.download(cache, repo, file, meta, listener);
            }
            cache.linkIntoSnapshot(commit, file, meta.etag());
            if (cached) {
                listener.alreadyCached(file);
            } else {
                listener.finished(file);
            }
        }
    }
}
