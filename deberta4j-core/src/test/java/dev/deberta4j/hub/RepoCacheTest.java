package dev.deberta4j.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepoCacheTest {

    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    static final String OTHER = "89abcdef0123456789abcdef0123456789abcdef";

    @TempDir Path cacheDir;

    RepoCache cache() {
        return new RepoCache(cacheDir, RepoId.parse("team-lucid/tiny"));
    }

    @Test
    void pathsFollowTheHuggingFaceHubLayout() {
        RepoCache c = cache();
        Path root = cacheDir.resolve("models--team-lucid--tiny");
        assertThat(c.blob("abc")).isEqualTo(root.resolve("blobs/abc"));
        assertThat(c.incompleteBlob("abc")).isEqualTo(root.resolve("blobs/abc.incomplete"));
        assertThat(c.snapshotFile(COMMIT, "sub/x.bin")).isEqualTo(root.resolve("snapshots/" + COMMIT + "/sub/x.bin"));
        assertThat(c.lockFile("abc")).isEqualTo(cacheDir.resolve(".locks/models--team-lucid--tiny/abc.lock"));
    }

    @Test
    void refsMayBeNestedAndAreReadBack() throws IOException {
        RepoCache c = cache();
        c.writeRef("refs/pr/1", COMMIT);
        assertThat(cacheDir.resolve("models--team-lucid--tiny/refs/refs/pr/1")).hasContent(COMMIT);
        assertThat(c.commitFor("refs/pr/1")).contains(COMMIT);
        c.writeRef("refs/pr/1", OTHER);
        assertThat(c.commitFor("refs/pr/1")).contains(OTHER);
        assertThat(c.commitFor("main")).isEmpty();
        assertThat(c.commitFor(COMMIT)).contains(COMMIT);
    }

    @Test
    void aCorruptRefNamesTheFileAndWhatItHolds() throws IOException {
        Path ref = cacheDir.resolve("models--team-lucid--tiny/refs/main");
        Files.createDirectories(ref.getParent());
        Files.writeString(ref, "not-a-hash");
        assertThatThrownBy(() -> cache().commitFor("main"))
                .isInstanceOf(HubException.class)
                .hasMessage("cache ref " + ref + " should hold a 40-digit commit hash, found 'not-a-hash'");
    }

    @Test
    void namesFromTheServerCannotEscapeTheCache() {
        assertThatThrownBy(() -> cache().snapshotFile(COMMIT, "../../../../etc/passwd"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("would leave the cache folder");
        assertThatThrownBy(() -> cache().snapshotFile(COMMIT, "/etc/passwd"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cache().blob("../x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("etag '../x'");
        assertThatThrownBy(() -> cache().snapshotDir("main")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("40-digit");
    }

    @Test
    void relinkingReplacesAStaleEntry() throws IOException {
        RepoCache c = cache();
        Files.createDirectories(c.blob("new").getParent());
        Files.writeString(c.blob("old"), "old");
        Files.writeString(c.blob("new"), "new");
        c.linkIntoSnapshot(COMMIT, "config.json", "old");
        Path link = c.linkIntoSnapshot(COMMIT, "config.json", "new");
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("../../blobs/new"));
        assertThat(link).hasContent("new");
    }
}
