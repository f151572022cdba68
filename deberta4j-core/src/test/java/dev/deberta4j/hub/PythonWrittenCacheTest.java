package dev.deberta4j.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deberta4j.download.DownloadListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache laid out by hand exactly as Python's huggingface_hub writes it (refs without newline, blobs named by ETag,
 * relative snapshot symlinks, lock folder) is found and reused by deberta4j without downloading anything.
 */
class PythonWrittenCacheTest {

    static final String REPO = "team-lucid/deberta-v3-base-korean";
    static final String COMMIT = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
    static final String NEWER_COMMIT = "ffffffffffffffffffffffffffffffffffffffff";

    @TempDir Path cacheDir;
    final byte[] config = "{\"model_type\": \"deberta-v2\"}".getBytes(StandardCharsets.UTF_8);
    final byte[] weights = HubClientTest.randomBytes(50_000, 11);
    LoopbackHub hub;
    Path snapshot;

    @BeforeEach
    void writeCacheAsHuggingFaceHubWould() throws IOException {
        Path root = cacheDir.resolve("models--team-lucid--deberta-v3-base-korean");
        Path blobs = Files.createDirectories(root.resolve("blobs"));
        Files.write(blobs.resolve(LoopbackHub.gitBlobId(config)), config);
        Files.write(blobs.resolve(LoopbackHub.sha256Hex(weights)), weights);
        Files.createDirectories(root.resolve("refs"));
        Files.writeString(root.resolve("refs/main"), COMMIT);
        snapshot = Files.createDirectories(root.resolve("snapshots").resolve(COMMIT));
        Files.createSymbolicLink(snapshot.resolve("config.json"),
                Path.of("../../blobs/" + LoopbackHub.gitBlobId(config)));
        Files.createSymbolicLink(snapshot.resolve("model.safetensors"),
                Path.of("../../blobs/" + LoopbackHub.sha256Hex(weights)));
        Files.createDirectories(cacheDir.resolve(".locks/models--team-lucid--deberta-v3-base-korean"));
        hub = new LoopbackHub();
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    HubClient client(boolean offline) {
        return new HubClient(new HubSettings(hub.endpoint(), cacheDir, Optional.empty(), offline));
    }

    @Test
    void resolvesBranchAndCommitFromTheCache() throws IOException {
        assertThat(client(true).resolveCached(REPO, "main")).isEqualTo(snapshot);
        assertThat(client(true).resolveCached(REPO, COMMIT)).isEqualTo(snapshot);
        assertThat(ModelLocator.resolve(REPO, client(true), DownloadListener.NONE)).isEqualTo(snapshot);
    }

    @Test
    void theModelLocatorUsesACompleteCachedSnapshotWithoutAskingTheHub() throws IOException {
        assertThat(ModelLocator.resolve(REPO, client(false), DownloadListener.NONE)).isEqualTo(snapshot);
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void aDownloadOfTheSameCommitTransfersNothing() throws IOException {
        hub.addRepo(REPO, COMMIT, Map.of("config.json", new LoopbackHub.HubFile(config, false),
                "model.safetensors", new LoopbackHub.HubFile(weights, true)), false);

        Path downloaded = client(false).snapshotDownload(REPO, "main", List.of(), DownloadListener.NONE);

        assertThat(downloaded).isEqualTo(snapshot);
        assertThat(hub.requests()).extracting(LoopbackHub.Seen::method).containsExactly("GET");
        assertThat(hub.requests().getFirst().path()).startsWith("/api/models/");
    }

    @Test
    void aNewCommitReusesBlobsPythonAlreadyHasAndMovesTheRef() throws IOException {
        byte[] newConfig = "{\"model_type\": \"deberta-v2\", \"x\": 1}".getBytes(StandardCharsets.UTF_8);
        hub.addRepo(REPO, NEWER_COMMIT, Map.of("config.json", new LoopbackHub.HubFile(newConfig, false),
                "model.safetensors", new LoopbackHub.HubFile(weights, true)), false);

        Path downloaded = client(false).snapshotDownload(REPO, "main", List.of(), DownloadListener.NONE);

        assertThat(downloaded.getFileName().toString()).isEqualTo(NEWER_COMMIT);
        assertThat(Files.readString(cacheDir.resolve("models--team-lucid--deberta-v3-base-korean/refs/main")))
                .isEqualTo(NEWER_COMMIT);
        assertThat(downloaded.resolve("config.json")).hasBinaryContent(newConfig);
        assertThat(downloaded.resolve("model.safetensors")).hasBinaryContent(weights);
        // Only the changed config was transferred; the weights blob Python downloaded was linked again.
        assertThat(hub.requests("GET", "/" + REPO + "/resolve/")).hasSize(1);
        assertThat(hub.requests("GET", "/cdn/")).isEmpty();
        assertThat(snapshot.resolve("config.json")).hasBinaryContent(config);
    }
}
