package dev.deberta4j.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AtomicDirectoryTest {
    @TempDir Path dir;

    @Test
    void replacesWithNestedFoldersAndKeepsTheUmaskModes() throws Exception {
        Path target = dir.resolve("export");
        AtomicDirectory.replace(target, "export", staging -> {
            Files.writeString(Files.createDirectories(staging.resolve("generator")).resolve("config.json"), "{}");
            Files.writeString(staging.resolve("README.md"), "x");
        });
        AtomicDirectory.replace(target, "export", staging -> Files.writeString(staging.resolve("README.md"), "y"));

        assertThat(Files.readString(target.resolve("README.md"))).isEqualTo("y");
        assertThat(target.resolve("generator")).doesNotExist();
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("export");
        }
        // Readable like any folder made here (not createTempDirectory's owner-only 0700).
        Path reference = Files.createDirectory(dir.resolve("reference"));
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(Files.getPosixFilePermissions(reference));
    }

    @Test
    void aFailedWriteLeavesTheOldDirectoryAndNoStaging() throws Exception {
        Path target = dir.resolve("ckpt");
        AtomicDirectory.replace(target, "checkpoint", staging -> Files.writeString(staging.resolve("a"), "old"));
        assertThatThrownBy(() -> AtomicDirectory.replace(target, "checkpoint", staging -> {
            Files.writeString(staging.resolve("a"), "new");
            throw new java.io.IOException("disk full");
        })).isInstanceOf(CheckpointException.class).hasMessageContaining("cannot write the checkpoint: disk full");
        assertThat(Files.readString(target.resolve("a"))).isEqualTo("old");
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("ckpt");
        }
    }

    @Test
    void recoverPutsBackAFolderMovedAsideByACrash() throws Exception {
        Path target = dir.resolve("ckpt");
        Files.createDirectories(dir.resolve(".ckpt.old-5"));
        assertThat(AtomicDirectory.recover(target, "checkpoint")).isEqualTo(target.toAbsolutePath());
        assertThat(target).isDirectory();
        assertThatThrownBy(() -> AtomicDirectory.recover(dir.resolve("none"), "checkpoint"))
                .hasMessageContaining("no checkpoint here");
    }
}
