package dev.deberta4j.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One repo's folder in the huggingface_hub cache, with the exact layout Python uses:
 * <pre>
 * {cache}/models--org--name/blobs/{etag}                 file contents, named by ETag (sha256 for LFS files)
 * {cache}/models--org--name/blobs/{etag}.incomplete      a download in progress (resumable)
 * {cache}/models--org--name/snapshots/{commit}/{file}    relative symlink ../../blobs/{etag} (a copy where links fail)
 * {cache}/models--org--name/refs/{revision}              the commit hash the revision pointed to
 * {cache}/.locks/models--org--name/{etag}.lock           lock held while a blob is downloaded
 * {cache}/CACHEDIR.TAG                                   marks the folder as a cache for backup tools
 * </pre>
 */
public final class RepoCache {

    private static final Pattern COMMIT_HASH = Pattern.compile("[0-9a-f]{40}");
    /** The Cache Directory Tagging Specification's signature (bford.info/cachedir); recent huggingface_hub writes it. */
    private static final String CACHEDIR_TAG = """
            Signature: 8a477f597d28d172789f06886806bc55
            # Cache directory tag written by deberta4j; the cache is shared with huggingface_hub.
            # See https://bford.info/cachedir/
            """;

    private final Path cacheDir;
    private final RepoId repo;
    private final Path root;

    public RepoCache(Path cacheDir, RepoId repo) {
        this.cacheDir = cacheDir;
        this.repo = repo;
        this.root = cacheDir.resolve(repo.cacheFolderName());
    }

    /** Whether {@code revision} is a full commit hash (40 lowercase hex digits) rather than a branch or tag. */
    public static boolean isCommitHash(String revision) {
        return COMMIT_HASH.matcher(revision).matches();
    }

    public Path root() {
        return root;
    }

    public Path blob(String etag) {
        return root.resolve("blobs").resolve(checkedName(etag, "etag"));
    }

    public Path incompleteBlob(String etag) {
        return root.resolve("blobs").resolve(checkedName(etag, "etag") + ".incomplete");
    }

    public Path lockFile(String etag) {
        return cacheDir.resolve(".locks").resolve(repo.cacheFolderName()).resolve(checkedName(etag, "etag") + ".lock");
    }

    public Path snapshotDir(String commit) {
        return root.resolve("snapshots").resolve(checkedCommit(commit));
    }

    /** Where {@code file} (a repo-relative path such as {@code config.json} or {@code sub/a.bin}) sits in a snapshot. */
    public Path snapshotFile(String commit, String file) {
        return insideFolder(snapshotDir(commit), file);
    }

    /** The commit hash {@code refs/{revision}} records, if any; a commit hash resolves to itself. */
    public Optional<String> commitFor(String revision) throws IOException {
        if (isCommitHash(revision)) {
            return Optional.of(revision);
        }
        Path ref = refFile(revision);
        if (!Files.isRegularFile(ref)) {
            return Optional.empty();
        }
        String commit = Files.readString(ref, StandardCharsets.UTF_8).strip();
        if (!isCommitHash(commit)) {
            throw new HubException(HubException.Reason.PROTOCOL,
                    "cache ref " + ref + " should hold a 40-digit commit hash, found '" + commit + "'");
        }
        return Optional.of(commit);
    }

    /** Creates the repo folder and, if missing, the cache's {@code CACHEDIR.TAG}. */
    public void create() throws IOException {
        Files.createDirectories(root);
        Path tag = cacheDir.resolve("CACHEDIR.TAG");
        if (!Files.exists(tag)) {
            try {
                Files.writeString(tag, CACHEDIR_TAG, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
            } catch (FileAlreadyExistsException writtenMeanwhile) {
                // another downloader tagged it first
            }
        }
    }

    /** Records that {@code revision} points at {@code commit}; a no-op when the revision is the commit itself. */
    public void writeRef(String revision, String commit) throws IOException {
        checkedCommit(commit);
        if (revision.equals(commit)) {
            return;
        }
        Path ref = refFile(revision);
        Files.createDirectories(ref.getParent());
        if (Files.isRegularFile(ref) && Files.readString(ref, StandardCharsets.UTF_8).strip().equals(commit)) {
            return;
        }
        // Write beside and rename so a concurrent reader never sees a half-written hash.
        Path tmp = Files.createTempFile(ref.getParent(), ".ref", ".tmp");
        Files.writeString(tmp, commit, StandardCharsets.UTF_8);
        Files.move(tmp, ref, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Points the snapshot entry for {@code file} at {@code blob(etag)} with a relative symlink, as huggingface_hub
     * does, so the cache can be moved as a whole; copies the blob where the file system refuses symlinks.
     */
    public Path linkIntoSnapshot(String commit, String file, String etag) throws IOException {
        Path target = snapshotFile(commit, file);
        Path blob = blob(etag);
        Files.createDirectories(target.getParent());
        Path relative = target.getParent().relativize(blob);
        if (Files.isSymbolicLink(target) && Files.readSymbolicLink(target).equals(relative)) {
            return target;
        }
        Files.deleteIfExists(target);
        try {
            Files.createSymbolicLink(target, relative);
        } catch (UnsupportedOperationException | FileSystemException e) {
            Files.copy(blob, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    private Path refFile(String revision) {
        return insideFolder(root.resolve("refs"), revision);
    }

    /** Resolves a repo-relative path below {@code folder}, refusing anything that would escape it. */
    private static Path insideFolder(Path folder, String relative) {
        Path resolved = folder.resolve(relative).normalize();
        if (relative.isEmpty() || relative.startsWith("/") || !resolved.startsWith(folder) || resolved.equals(folder)) {
            throw new IllegalArgumentException("path '" + relative + "' would leave the cache folder " + folder);
        }
        return resolved;
    }

    private static String checkedName(String value, String what) {
        if (value.isEmpty() || value.contains("/") || value.contains("\\") || value.equals(".") || value.equals("..")) {
            throw new IllegalArgumentException(what + " '" + value + "' cannot be used as a cache file name");
        }
        return value;
    }

    private static String checkedCommit(String commit) {
        if (!isCommitHash(commit)) {
            throw new IllegalArgumentException("expected a 40-digit lowercase hex commit hash, found '" + commit + "'");
        }
        return commit;
    }
}
