package dev.deberta4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deberta4j.hub.HubSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DownloadCommandTest {

    static final String COMMIT = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";

    @TempDir Path dir;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(HubSettings settings, String... args) {
        CommandLine cli = Main.commandLine(CliRun.factory(new DownloadCommand(settings)));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "download";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.execute(all);
    }

    HubSettings offlineSettings(Path cache) {
        return new HubSettings(URI.create("http://127.0.0.1:9"), cache, Optional.empty(), true);
    }

    /** A snapshot as huggingface_hub leaves it: refs/main, a blob, a relative link. */
    Path cachedSnapshot(Path cache) throws IOException {
        Path root = cache.resolve("models--team-lucid--tiny");
        Files.createDirectories(root.resolve("blobs"));
        Files.writeString(root.resolve("blobs/abc123"), "{}");
        Files.createDirectories(root.resolve("refs"));
        Files.writeString(root.resolve("refs/main"), COMMIT);
        Path snapshot = Files.createDirectories(root.resolve("snapshots/" + COMMIT));
        Files.createSymbolicLink(snapshot.resolve("config.json"), Path.of("../../blobs/abc123"));
        return snapshot;
    }

    @Test
    void printsTheSnapshotFolderOfACachedRepo() throws IOException {
        Path snapshot = cachedSnapshot(dir.resolve("cache"));
        assertThat(run(offlineSettings(dir.resolve("cache")), "team-lucid/tiny")).isZero();
        assertThat(out.toString().strip()).isEqualTo(snapshot.toString());
    }

    @Test
    void cacheDirOptionOverridesTheEnvironment() throws IOException {
        Path snapshot = cachedSnapshot(dir.resolve("other"));
        assertThat(run(offlineSettings(dir.resolve("cache")), "team-lucid/tiny", "--cache-dir",
                dir.resolve("other").toString(), "--revision", COMMIT, "--include", "*.json")).isZero();
        assertThat(out.toString().strip()).isEqualTo(snapshot.toString());
    }

    @Test
    void offlineAndNotCachedFailsWithTheHubMessage() {
        assertThat(run(offlineSettings(dir.resolve("cache")), "team-lucid/tiny")).isEqualTo(1);
        assertThat(err.toString()).contains("HF_HUB_OFFLINE=1 and team-lucid/tiny (revision main) is not in the cache at "
                + dir.resolve("cache"));
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aMalformedRepoIdIsRejected() {
        assertThat(run(offlineSettings(dir), "not-a-repo")).isEqualTo(1);
        assertThat(err.toString()).contains("repo id 'not-a-repo' must have the form 'org/name'");
    }

    @Test
    void isRegisteredInMain() {
        assertThat(Main.commandLine().getSubcommands()).containsKey("download");
    }

    @Test
    void progressBarsShowTheFileSizeAndCompletion() {
        StringWriter frames = new StringWriter();
        try (DownloadProgressBars bars = new DownloadProgressBars(new PrintWriter(frames, true), false)) {
            bars.started("model.safetensors", 40_000_000, 10_000_000);
            bars.progressed("model.safetensors", 40_000_000);
            bars.finished("model.safetensors");
            bars.started("spm.model", 4_000, 0);
            bars.progressed("spm.model", 4_000);
            bars.finished("spm.model");
            bars.alreadyCached("config.json");
        }
        String shown = frames.toString();
        assertThat(shown).contains("model.safetensors 100%").contains("40/40MB").contains("MB/s")
                .contains("spm.model 100%").contains("4/4kB")
                .endsWith(System.lineSeparator() + "config.json: already in the cache" + System.lineSeparator());
    }
}
