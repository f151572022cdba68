package dev.deberta4j.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deberta4j.download.DownloadListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLocatorTest {

    static final String REPO = "team-lucid/tiny-deberta";
    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @TempDir Path dir;
    LoopbackHub hub;
    final byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
    final byte[] weights = HubClientTest.randomBytes(10_000, 1);

    @BeforeEach
    void startHub() throws IOException {
        hub = new LoopbackHub();
        Map<String, LoopbackHub.HubFile> files = new LinkedHashMap<>();
        files.put("config.json", new LoopbackHub.HubFile(config, false));
        files.put("model.safetensors", new LoopbackHub.HubFile(weights, true));
        hub.addRepo(REPO, COMMIT, files, false);
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    HubClient client(boolean offline) {
        return new HubClient(new HubSettings(hub.endpoint(), dir.resolve("cache"), Optional.empty(), offline));
    }

    @Test
    void anExistingDirectoryIsReturnedAsIs() throws IOException {
        Path model = Files.createDirectories(dir.resolve("team-lucid/tiny-deberta"));
        assertThat(ModelLocator.resolve(model.toString(), client(false), DownloadListener.NONE)).isEqualTo(model);
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void somethingThatIsNeitherADirectoryNorARepoIdIsRejected() {
        assertThatThrownBy(() -> ModelLocator.resolve("models/deberta/v3", client(false), DownloadListener.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model 'models/deberta/v3' is neither an existing directory nor a Hub repo id")
                .hasMessageContaining("must have the form 'org/name'");
    }

    @Test
    void aRepoIdIsDownloadedWhenMissing() throws IOException {
        Path snapshot = ModelLocator.resolve(REPO, client(false), DownloadListener.NONE);
        assertThat(snapshot.resolve("model.safetensors")).hasBinaryContent(weights);
        assertThat(snapshot.resolve("config.json")).hasBinaryContent(config);
    }

    @Test
    void aHalfFilledSnapshotIsCompletedOnlineAndReportedOffline() throws IOException {
        client(false).snapshotDownload(REPO, "main", java.util.List.of("config.json"), DownloadListener.NONE);

        assertThatThrownBy(() -> ModelLocator.resolve(REPO, client(true), DownloadListener.NONE))
                .isInstanceOf(HubException.class)
                .hasMessageContaining("HF_HUB_OFFLINE=1 and the cached snapshot of " + REPO)
                .hasMessageContaining("lacks [the weights");

        Path snapshot = ModelLocator.resolve(REPO, client(false), DownloadListener.NONE);
        assertThat(snapshot.resolve("model.safetensors")).hasBinaryContent(weights);
    }

    @Test
    void aRepoWithoutLoadableWeightsIsReportedAfterDownload() {
        hub.addRepo("team-lucid/tf-only", COMMIT, Map.of("config.json", new LoopbackHub.HubFile(config, false),
                "tf_model.h5", new LoopbackHub.HubFile(weights, true)), false);
        assertThatThrownBy(() -> ModelLocator.resolve("team-lucid/tf-only", client(false), DownloadListener.NONE))
                .isInstanceOf(HubException.class)
                .hasMessageStartingWith("repo team-lucid/tf-only has no [the weights (model.safetensors, "
                        + "pytorch_model.bin or a complete sharded index)] that deberta4j can load");
    }

    @Test
    void offlineWithNothingCachedNamesTheCache() {
        assertThatThrownBy(() -> ModelLocator.resolve(REPO, client(true), DownloadListener.NONE))
                .isInstanceOf(HubException.class)
                .hasMessage("HF_HUB_OFFLINE=1 and " + REPO + " (revision main) is not in the cache at "
                        + dir.resolve("cache"));
    }

    @Test
    void aShardedSnapshotIsCompleteOnlyWithEveryShard() throws IOException {
        Path snapshot = Files.createDirectories(dir.resolve("snap"));
        Files.writeString(snapshot.resolve("config.json"), "{}");
        Files.writeString(snapshot.resolve("model.safetensors.index.json"),
                "{\"weight_map\": {\"a\": \"model-00001-of-00002.safetensors\", \"b\": \"model-00002-of-00002.safetensors\"}}");
        Files.writeString(snapshot.resolve("model-00001-of-00002.safetensors"), "x");
        assertThat(ModelLocator.missingModelFiles(snapshot)).hasSize(1);

        Files.writeString(snapshot.resolve("model-00002-of-00002.safetensors"), "x");
        assertThat(ModelLocator.missingModelFiles(snapshot)).isEmpty();
    }
}
