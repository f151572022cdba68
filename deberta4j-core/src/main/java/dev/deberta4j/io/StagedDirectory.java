package dev.deberta4j.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A model directory written in a temporary sibling folder and put in place only when complete, so that a reader
 * (or a process killed half-way) never sees a half-written model: write every file under {@link #path()}, then
 * {@link #commitInto} or {@link #commitAsWhole}. Files are forced to disk before any rename; a staging folder
 * left by a killed run is removed by the next {@link #create} for the same target.
 */
public final class StagedDirectory implements AutoCloseable {
    private static final String STAGING_MARK = ".staging-";

    private final Path target;
    private final Path staging;
    private boolean committed;

    private StagedDirectory(Path target, Path staging) {
        this.target = target;
        this.staging = staging;
    }

    /** Starts staging files for {@code target} in a new sibling folder {@code .{name}.staging-{random}}. */
    public static StagedDirectory create(Path target) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        if (parent == null) throw new IOException("cannot stage a model directory for the root folder " + target);
        Files.createDirectories(parent);
        String prefix = "." + absolute.getFileName() + STAGING_MARK;
        removeStale(parent, prefix);
        Path staging = parent.resolve(prefix + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1));
        Files.createDirectory(staging);
        return new StagedDirectory(absolute, staging);
    }

    /** Where to write the files. */
    public Path path() {
        return staging;
    }

    /**
     * Moves every staged file into {@code target} (created if needed; other files there are kept), each by an
     * atomic rename over any older version, the files named in {@code last} after all others. A model directory
     * that also holds other things (a fine-tuning run's checkpoints and metrics) is updated this way: each file
     * is always either the old or the new version, never a truncated one, and with config.json moved last a
     * folder that has a config.json has all the files that go with it.
     */
    public void commitInto(Set<String> last) throws IOException {
        List<Path> files = stagedFiles();
        Files.createDirectories(target);
        List<Path> ordered = new ArrayList<>();
        for (Path f : files) if (!last.contains(f.getFileName().toString())) ordered.add(f);
        for (Path f : files) if (last.contains(f.getFileName().toString())) ordered.add(f);
        for (Path f : ordered) {
            moveAtomically(f, target.resolve(f.getFileName().toString()));
        }
        forceDirectory(target);
        Files.delete(staging);
        committed = true;
    }

    /**
     * Renames the whole staged folder (sub-folders included) to {@code target}. An existing target is first renamed aside and deleted
     * after the swap, so {@code target} is at every instant absent, the old complete folder or the new one.
     */
    public void commitAsWhole() throws IOException {
        forceTree(staging);
        Path aside = null;
        if (Files.exists(target)) {
            aside = target.resolveSibling("." + target.getFileName() + ".old-"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1));
            moveAtomically(target, aside);
        }
        moveAtomically(staging, target);
        forceDirectory(target.getParent());
        committed = true;
        if (aside != null) deleteTree(aside);
    }

    /** Deletes the staging folder unless it was committed. */
    @Override
    public void close() throws IOException {
        if (!committed && Files.exists(staging)) deleteTree(staging);
    }

    /** The staged plain files, each forced to disk; sub-folders are not part of a model directory. */
    private List<Path> stagedFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(staging)) {
            for (Path f : entries) {
                if (!Files.isRegularFile(f)) throw new IOException("unexpected non-file in staged directory: " + f);
                try (FileChannel c = FileChannel.open(f, StandardOpenOption.WRITE)) {
                    c.force(true);
                }
                files.add(f);
            }
        }
        files.sort(null);
        forceDirectory(staging);
        return files;
    }

    /** Forces every file below {@code root} and the folders themselves (deepest first) to disk. */
    private static void forceTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        c.force(true);
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) throw e;
                forceDirectory(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system cannot rename atomically from " + from + " to " + to, e);
        }
    }

    /** Makes renames inside {@code dir} durable; some file systems cannot open a folder for this, which is fine. */
    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // best effort: the renames themselves are still atomic
        }
    }

    private static void removeStale(Path parent, String prefix) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, p ->
                p.getFileName().toString().startsWith(prefix) && Files.isDirectory(p))) {
            for (Path stale : entries) deleteTree(stale);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) throw e;
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
