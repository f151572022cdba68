package dev.deberta4j.benchmark.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskDataFolderTest {

    @TempDir Path root;

    final byte[] dev = DataFetcherTest.content("a\tb\n", 10);
    final SourceFile devFile = DataFetcherTest.file("dev.tsv", FileRole.DEV, dev, true, true);
    final TaskSource task = DataFetcherTest.task(
            DataFetcherTest.file("train.tsv", FileRole.TRAIN, dev, true, false), devFile);
    TaskDataFolder folder;

    @BeforeEach
    void open() {
        folder = new TaskDataFolder(root); // after @TempDir injection
    }

    @Test
    void missingWhenNeitherPlainNorGzipCopyExists() throws IOException {
        assertThat(folder.status(task, devFile, true).state()).isEqualTo(LocalFileStatus.State.MISSING);
    }

    @Test
    void gzipCopyIsVerifiedOnItsDecompressedContent() throws IOException {
        Path gz = Files.createDirectories(root.resolve("paws")).resolve("dev.tsv.gz");
        Files.write(gz, DataFetcherTest.gzip(dev));

        LocalFileStatus status = folder.status(task, devFile, true);

        assertThat(status.state()).isEqualTo(LocalFileStatus.State.VERIFIED);
        assertThat(status.path()).contains(gz);
    }

    @Test
    void thePlainCopyWinsOverTheGzipOne() throws IOException {
        Path dir = Files.createDirectories(root.resolve("paws"));
        Files.write(dir.resolve("dev.tsv"), dev);
        Files.writeString(dir.resolve("dev.tsv.gz"), "not even gzip");

        assertThat(folder.status(task, devFile, true).path()).contains(dir.resolve("dev.tsv"));
    }

    @Test
    void changedContentIsAMismatchNamingBothDigests() throws IOException {
        Path file = Files.createDirectories(root.resolve("paws")).resolve("dev.tsv");
        Files.write(file, new String(dev, StandardCharsets.UTF_8).replace("\n", "\r\n")
                .getBytes(StandardCharsets.UTF_8));

        LocalFileStatus status = folder.status(task, devFile, true);

        assertThat(status.state()).isEqualTo(LocalFileStatus.State.MISMATCH);
        assertThat(status.mismatches()).hasSize(2);
        assertThat(status.mismatches().get(0)).startsWith("sha256 expected " + DataFetcherTest.sha256(dev));
        assertThat(status.mismatches().get(1)).startsWith("git blob id expected ");
    }

    @Test
    void withoutVerificationAPresentFileIsUnverified() throws IOException {
        Files.writeString(Files.createDirectories(root.resolve("paws")).resolve("dev.tsv"), "anything");

        assertThat(folder.status(task, devFile, false).state()).isEqualTo(LocalFileStatus.State.UNVERIFIED);
    }
}
