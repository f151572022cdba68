package dev.deberta4j.benchmark.source;

import dev.deberta4j.download.FileDigests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A data directory laid out like the shared one: {@code <root>/<task>/<file>}, each file stored under its canonical
 * name or gzip-compressed as {@code <file>.gz} (the benchmark readers accept both).
 */
public record TaskDataFolder(Path root) {

    public Path taskDir(TaskSource task) {
        return root.resolve(task.name());
    }

    /** The canonical-name copy if present, else the {@code .gz} one. */
    public Optional<Path> find(TaskSource task, SourceFile file) {
        Path plain = taskDir(task).resolve(file.name());
        if (Files.isRegularFile(plain)) {
            return Optional.of(plain);
        }
        Path gzip = taskDir(task).resolve(file.name() + ".gz");
        return Files.isRegularFile(gzip) ? Optional.of(gzip) : Optional.empty();
    }

    /**
     * Whether the file is there and, with {@code verify}, whether its (decompressed) content has the expected
     * digests. Hashing reads the whole file: a few seconds for the largest training sets.
     */
    public LocalFileStatus status(TaskSource task, SourceFile file, boolean verify) throws IOException {
        Optional<Path> found = find(task, file);
        if (found.isEmpty()) {
            return new LocalFileStatus(file, found, LocalFileStatus.State.MISSING, List.of());
        }
        if (!verify) {
            return new LocalFileStatus(file, found, LocalFileStatus.State.UNVERIFIED, List.of());
        }
        Path path = found.get();
        FileDigests digests = path.getFileName().toString().endsWith(".gz")
                ? FileDigests.ofGzipContent(path) : FileDigests.of(path);
        List<String> mismatches = file.mismatches(digests);
        return new LocalFileStatus(file, found,
                mismatches.isEmpty() ? LocalFileStatus.State.VERIFIED : LocalFileStatus.State.MISMATCH, mismatches);
    }
}
