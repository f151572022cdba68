package dev.deberta4j.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class StagedDirectoryTest {
    @TempDir Path dir;

    private static java.util.List<String> names(Path folder) throws Exception {
        try (var s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void wholeFolderSwapReplacesAnOldFolderAndLeavesNothingBehind() throws Exception {
        Path target = dir.resolve("model");
        Files.createDirectories(target);
        Files.writeString(target.resolve("old.txt"), "old");
        try (StagedDirectory staged = StagedDirectory.create(target)) {
            Files.writeString(staged.path().resolve("config.json"), "{}");
            assertThat(target.resolve("config.json")).doesNotExist(); // nothing visible before the commit
            staged.commitAsWhole();
        }
        assertThat(names(target)).containsExactly("config.json");
        assertThat(names(dir)).containsExactly("model");
    }

    @Test
    void commitIntoKeepsOtherFilesAndAnUncommittedStagingIsRemoved() throws Exception {
        Path target = dir.resolve("run");
        Files.createDirectories(target.resolve("checkpoint"));
        try (StagedDirectory staged = StagedDirectory.create(target)) {
            Files.writeString(staged.path().resolve("model.safetensors"), "w");
            Files.writeString(staged.path().resolve("config.json"), "{}");
            staged.commitInto(Set.of("config.json"));
        }
        assertThat(names(target)).containsExactly("checkpoint", "config.json", "model.safetensors");
        try (StagedDirectory staged = StagedDirectory.create(target)) {
            Files.writeString(staged.path().resolve("config.json"), "{\"half\":");
        } // not committed: as if the save failed
        assertThat(Files.readString(target.resolve("config.json"))).isEqualTo("{}");
        assertThat(names(dir)).containsExactly("run");
    }

    @Test
    void aStagingFolderLeftByAKilledRunIsRemovedByTheNextSave() throws Exception {
        Path target = dir.resolve("m");
        Files.createDirectories(dir.resolve(".m.staging-dead"));
        Files.writeString(dir.resolve(".m.staging-dead").resolve("x"), "x");
        try (StagedDirectory staged = StagedDirectory.create(target)) {
            Files.writeString(staged.path().resolve("a"), "a");
            staged.commitAsWhole();
        }
        assertThat(names(dir)).containsExactly("m");
    }
}
