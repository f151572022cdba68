package dev.deberta4j.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes a directory as a whole, atomically: the files go into a fresh temporary sibling directory, which is
 * forced to disk and renamed into place; an existing directory is first renamed aside and deleted only after the
 * new one is in place. A crash at any point leaves either the old or the new directory complete
 * ({@link #recover} puts the old one back if the crash fell between the two renames).
 */
public final class AtomicDirectory {
    private AtomicDirectory() {
    }

    /** Fills a staging directory. */
    @FunctionalInterface
    public interface Contents {
        void writeInto(Path staging) throws IOException;
    }

    /** Replaces {@code target} by the directory {@code contents} writes; {@code what} names it in errors. */
    public static void replace(Path target, String what, Contents contents) {
        Path absolute = target.toAbsolutePath();
        Path parent = absolute.getParent();
        String name = absolute.getFileName().toString();
        Path temp = null;
        try {
            Files.createDirectories(parent);
            temp = Files.createTempDirectory(parent, "." + name + ".tmp-");
            contents.writeInto(temp);
            syncTree(temp);
            Path old = null;
            if (Files.exists(absolute)) {
                old = parent.resolve("." + name + ".old-" + System.nanoTime());
                Files.move(absolute, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
            temp = null;
            syncDirectory(parent);
            if (old != null) deleteRecursively(old);
        } catch (AtomicMoveNotSupportedException e) {
            throw new CheckpointException(absolute, "the file system cannot rename atomically: " + e.getMessage(), e);
        } catch (IOException | UncheckedIOException e) {
            throw new CheckpointException(absolute, "cannot write the " + what + ": " + e, e);
        } finally {
            if (temp != null) deleteQuietly(temp);
        }
    }

    /**
     * The directory itself, or, if a crash fell between renaming the old one aside and the new one in, the old one
     * put back; {@code what} names it in errors.
     */
    public static Path recover(Path target, String what) {
        Path absolute = target.toAbsolutePath();
        if (Files.isDirectory(absolute)) return absolute;
        String prefix = "." + absolute.getFileName() + ".old-";
        try (Stream<Path> siblings = Files.list(absolute.getParent())) {
            Path old = siblings.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .max(Comparator.comparing(p -> p.getFileName().toString())).orElse(null);
            if (old == null) throw new CheckpointException(absolute, "no " + what + " here");
            Files.move(old, absolute, StandardCopyOption.ATOMIC_MOVE);
            return absolute;
        } catch (IOException e) {
            throw new CheckpointException(absolute, "cannot read the " + what + ": " + e, e);
        }
    }

    /** Forces every regular file below {@code dir} and the directories themselves to disk. */
    private static void syncTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (Files.isRegularFile(p)) {
                    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                        ch.force(true);
                    }
                } else {
                    syncDirectory(p);
                }
            }
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // some file systems cannot fsync a directory; the renames are still atomic
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            deleteRecursively(dir);
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: the failure being reported matters more
        }
    }
}
