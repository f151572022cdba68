package dev.deberta4j.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes a directory as a whole, atomically (a {@link StagedDirectory} committed as a whole): the files go into a
 * fresh sibling folder, which is forced to disk and renamed into place; an existing directory is first renamed
 * aside and deleted only after the new one is in place. A crash at any point leaves either the old or the new
 * directory complete ({@link #recover} puts the old one back if the crash fell between the two renames).
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
        Path absolute = target.toAbsolutePath().normalize();
        try (StagedDirectory staged = StagedDirectory.create(absolute)) {
            contents.writeInto(staged.path());
            staged.commitAsWhole();
        } catch (IOException e) {
            throw new CheckpointException(absolute, "cannot write the " + what + ": " + IoErrors.describe(e), e);
        } catch (UncheckedIOException e) {
            throw new CheckpointException(absolute, "cannot write the " + what + ": " + IoErrors.describe(e.getCause()), e);
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
            throw new CheckpointException(absolute, "cannot read the " + what + ": " + IoErrors.describe(e), e);
        }
    }
}
