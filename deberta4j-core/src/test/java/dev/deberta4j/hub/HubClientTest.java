package dev.deberta4j.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deberta4j.download.DownloadListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubClientTest {

    static final String REPO = "team-lucid/tiny-deberta";
    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @TempDir Path cacheDir;
    LoopbackHub hub;
    byte[] weights;
    byte[] config;

    @BeforeEach
    void startHub() throws IOException {
        hub = new LoopbackHub();
        weights = randomBytes(300_000, 7);
        config = "{\"model_type\": \"deberta-v2\"}".getBytes(StandardCharsets.UTF_8);
        Map<String, LoopbackHub.HubFile> files = new LinkedHashMap<>();
        files.put(".gitattributes", regular("*.bin filter=lfs"));
        files.put("README.md", regular("# tiny"));
        files.put("config.json", new LoopbackHub.HubFile(config, false));
        files.put("tokenizer_config.json", regular("{}"));
        files.put("spm.model", new LoopbackHub.HubFile(randomBytes(5_000, 3), true));
        files.put("model.safetensors", new LoopbackHub.HubFile(weights, true));
        files.put("pytorch_model.bin", new LoopbackHub.HubFile(randomBytes(1_000, 4), true));
        files.put("flax_model.msgpack", new LoopbackHub.HubFile(randomBytes(1_000, 5), true));
        files.put("rust_model.ot", new LoopbackHub.HubFile(randomBytes(1_000, 6), true));
        files.put("onnx/model.onnx", new LoopbackHub.HubFile(randomBytes(2_000, 8), true));
        hub.addRepo(REPO, COMMIT, files, false);
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    HubClient client() {
        return client(Optional.empty(), false);
    }

    HubClient client(Optional<String> token, boolean offline) {
        return new HubClient(new HubSettings(hub.endpoint(), cacheDir, token, offline));
    }

    Path repoRoot() {
        return cacheDir.resolve("models--team-lucid--tiny-deberta");
    }

    @Test
    void downloadsTheDefaultSelectionIntoTheHuggingFaceCacheLayout() throws IOException {
        Path snapshot = client().snapshotDownload(REPO, "main", List.of(), DownloadListener.NONE);

        assertThat(snapshot).isEqualTo(repoRoot().resolve("snapshots").resolve(COMMIT));
        assertThat(fileNames(snapshot)).containsExactlyInAnyOrder(
                "config.json", "tokenizer_config.json", "spm.model", "model.safetensors");
        assertThat(Files.readString(repoRoot().resolve("refs/main"))).isEqualTo(COMMIT);

        String weightsSha = LoopbackHub.sha256Hex(weights);
        Path weightsLink = snapshot.resolve("model.safetensors");
        assertThat(Files.isSymbolicLink(weightsLink)).isTrue();
        assertThat(Files.readSymbolicLink(weightsLink)).isEqualTo(Path.of("../../blobs/" + weightsSha));
        assertThat(Files.readAllBytes(weightsLink)).isEqualTo(weights);
        // Regular (non-LFS) files are named by their git blob id, the ETag the Hub sends for them.
        assertThat(Files.readSymbolicLink(snapshot.resolve("config.json")))
                .isEqualTo(Path.of("../../blobs/" + LoopbackHub.gitBlobId(config)));
        assertThat(fileNames(repoRoot().resolve("blobs"))).hasSize(4).noneMatch(n -> n.endsWith(".incomplete"));
        assertThat(cacheDir.resolve(".locks/models--team-lucid--tiny-deberta/" + weightsSha + ".lock")).exists();
        assertThat(Files.readAllLines(cacheDir.resolve("CACHEDIR.TAG")).getFirst())
                .isEqualTo("Signature: 8a477f597d28d172789f06886806bc55");
    }

    @Test
    void aSecondDownloadOnlyAsksForTheFileListAndTransfersNothing() throws IOException {
        client().snapshotDownload(REPO, "main", List.of(), DownloadListener.NONE);
        hub.clearRequests();
        List<String> cachedFiles = new ArrayList<>();
        client().snapshotDownload(REPO, "main", List.of(), new DownloadListener() {
            @Override public void alreadyCached(String file) {
                cachedFiles.add(file);
            }
        });
        assertThat(hub.requests()).extracting(LoopbackHub.Seen::path)
                .containsExactly("/api/models/" + REPO + "/revision/main");
        assertThat(cachedFiles).hasSize(4);
    }

    @Test
    void includeGlobsReplaceTheDefaultAndNestedFilesLinkWithDeeperRelativePaths() throws IOException {
        Path snapshot = client().snapshotDownload(REPO, "main", List.of("*.onnx", "README.md"), DownloadListener.NONE);

        assertThat(fileNames(snapshot)).containsExactlyInAnyOrder("README.md", "model.onnx");
        Path onnx = snapshot.resolve("onnx/model.onnx");
        assertThat(Files.readSymbolicLink(onnx).toString()).startsWith("../../../blobs/");
        assertThat(Files.size(onnx)).isEqualTo(2_000);
    }

    @Test
    void aCommitHashRevisionWritesNoRef() throws IOException {
        Path snapshot = client().snapshotDownload(REPO, COMMIT, List.of("config.json"), DownloadListener.NONE);
        assertThat(snapshot.resolve("config.json")).hasBinaryContent(config);
        assertThat(repoRoot().resolve("refs")).doesNotExist();
    }

    @Test
    void reportsProgressWithSizes() throws IOException {
        List<String> events = new ArrayList<>();
        long[] lastProgress = {0};
        client().snapshotDownload(REPO, "main", List.of("config.json", "model.safetensors"), new DownloadListener() {
            @Override public void started(String file, long total, long resumed) {
                events.add("start " + file + " " + total + " " + resumed);
            }
            @Override public void progressed(String file, long done) {
                lastProgress[0] = done;
            }
            @Override public void finished(String file) {
                events.add("finish " + file);
            }
        });
        assertThat(events).containsExactly("start config.json " + config.length + " 0", "finish config.json",
                "start model.safetensors 300000 0", "finish model.safetensors");
        assertThat(lastProgress[0]).isEqualTo(300_000);
    }

    @Test
    void aDroppedConnectionIsResumedWithARangeRequestInTheSameCall() throws IOException {
        hub.dropConnections(1, 100_000);

        Path snapshot = client().snapshotDownload(REPO, "main", List.of("model.safetensors"), DownloadListener.NONE);

        assertThat(Files.readAllBytes(snapshot.resolve("model.safetensors"))).isEqualTo(weights);
        List<LoopbackHub.Seen> gets = hub.requests("GET", "/cdn/");
        assertThat(gets).hasSize(2);
        assertThat(gets.get(0).range()).isNull();
        // The client asks for the rest from whatever reached the disk before the drop (at most 100 000 bytes).
        assertThat(gets.get(1).range()).matches("bytes=\\d+-");
        long resumedAt = Long.parseLong(gets.get(1).range().replaceAll("\\D", ""));
        assertThat(resumedAt).isPositive().isLessThanOrEqualTo(100_000);
    }

    @Test
    void aStalledTransferIsAbandonedAndResumed() throws IOException {
        hub.stallConnections(1, 50_000);
        HubClient impatient = new HubClient(new HubSettings(hub.endpoint(), cacheDir, Optional.empty(), false),
                java.time.Duration.ofMillis(500));

        Path snapshot = impatient.snapshotDownload(REPO, "main", List.of("model.safetensors"), DownloadListener.NONE);

        assertThat(snapshot.resolve("model.safetensors")).hasBinaryContent(weights);
        List<LoopbackHub.Seen> gets = hub.requests("GET", "/cdn/");
        assertThat(gets).hasSize(2);
        assertThat(gets.get(1).range()).isEqualTo("bytes=50000-");
    }

    @Test
    void aDownloadThatKeepsFailingKeepsItsPartialFileAndTheNextRunResumesIt() throws IOException {
        hub.dropConnections(100, 40_000);
        String sha = LoopbackHub.sha256Hex(weights);
        Path incomplete = repoRoot().resolve("blobs/" + sha + ".incomplete");

        assertThatThrownBy(() -> client().snapshotDownload(REPO, "main", List.of("model.safetensors"),
                DownloadListener.NONE))
                .isInstanceOf(HubException.class)
                .hasMessageContaining("model.safetensors").hasMessageContaining("resumes")
                .satisfies(e -> assertThat(((HubException) e).reason()).isEqualTo(HubException.Reason.NETWORK));
        // Each of the 5 attempts resumed and added up to 40 000 bytes.
        long partial = Files.size(incomplete);
        assertThat(partial).isPositive().isLessThanOrEqualTo(200_000);

        hub.dropConnections(0, 0);
        hub.clearRequests();
        long[] resumedFrom = {-1};
        Path snapshot = client().snapshotDownload(REPO, "main", List.of("model.safetensors"), new DownloadListener() {
            @Override public void started(String file, long total, long resumed) {
                resumedFrom[0] = resumed;
            }
        });

        assertThat(resumedFrom[0]).isEqualTo(partial);
        assertThat(hub.requests("GET", "/cdn/")).extracting(LoopbackHub.Seen::range)
                .containsExactly("bytes=" + partial + "-");
        assertThat(Files.readAllBytes(snapshot.resolve("model.safetensors"))).isEqualTo(weights);
        assertThat(incomplete).doesNotExist();
    }

    @Test
    void aChecksumMismatchDeletesTheBlobAndNamesBothHashes() {
        String sha = LoopbackHub.sha256Hex(weights);
        byte[] corrupted = weights.clone();
        corrupted[12_345] ^= 1;
        hub.corruptCdn(sha, corrupted);

        assertThatThrownBy(() -> client().snapshotDownload(REPO, "main", List.of("model.safetensors"),
                DownloadListener.NONE))
                .isInstanceOf(HubException.class)
                .hasMessageContaining("expected sha256 " + sha)
                .hasMessageContaining("has sha256 " + LoopbackHub.sha256Hex(corrupted))
                .satisfies(e -> assertThat(((HubException) e).reason())
                        .isEqualTo(HubException.Reason.CHECKSUM_MISMATCH));
        assertThat(repoRoot().resolve("blobs/" + sha)).doesNotExist();
        assertThat(repoRoot().resolve("blobs/" + sha + ".incomplete")).doesNotExist();
        assertThat(repoRoot().resolve("snapshots/" + COMMIT + "/model.safetensors")).doesNotExist();
    }

    @Test
    void offlineAnswersFromTheCacheWithoutTouchingTheNetwork() throws IOException {
        Path downloaded = client().snapshotDownload(REPO, "main", List.of(), DownloadListener.NONE);
        hub.clearRequests();

        HubClient offline = client(Optional.empty(), true);
        assertThat(offline.snapshotDownload(REPO, "main", List.of(), DownloadListener.NONE)).isEqualTo(downloaded);
        assertThat(offline.resolveCached(REPO, COMMIT)).isEqualTo(downloaded);
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void offlineWithNothingCachedSaysSoAndWhere() {
        HubClient offline = client(Optional.empty(), true);
        assertThatThrownBy(() -> offline.snapshotDownload(REPO, "main", List.of(), DownloadListener.NONE))
                .isInstanceOf(HubException.class)
                .hasMessage("HF_HUB_OFFLINE=1 and " + REPO + " (revision main) is not in the cache at " + cacheDir)
                .satisfies(e -> assertThat(((HubException) e).reason()).isEqualTo(HubException.Reason.NOT_IN_CACHE));
    }

    @Test
    void anUnreachableHubFallsBackToTheCache() throws IOException {
        Path downloaded = client().snapshotDownload(REPO, "main", List.of(), DownloadListener.NONE);
        HubClient clientOfStoppedHub = client();
        hub.close();

        assertThat(clientOfStoppedHub.snapshotDownload(REPO, "main", List.of(), DownloadListener.NONE))
                .isEqualTo(downloaded);
        assertThatThrownBy(() -> clientOfStoppedHub.snapshotDownload("team-lucid/other", "main", List.of(),
                DownloadListener.NONE))
                .isInstanceOf(HubException.class).hasMessageContaining("cannot reach " + hub.endpoint())
                .hasMessageContaining("team-lucid/other (revision main) is not in the cache");
    }

    @Test
    void aGatedRepoNeedsAToken() throws IOException {
        hub.addRepo("team-lucid/gated", COMMIT, Map.of("config.json", new LoopbackHub.HubFile(config, false),
                "model.safetensors", new LoopbackHub.HubFile(weights, true)), true);

        assertThatThrownBy(() -> client().snapshotDownload("team-lucid/gated", "main", List.of(),
                DownloadListener.NONE))
                .isInstanceOf(HubException.class)
                .hasMessageContaining("repo team-lucid/gated is gated or private")
                .hasMessageContaining("set HF_TOKEN")
                .satisfies(e -> assertThat(((HubException) e).reason())
                        .isEqualTo(HubException.Reason.GATED_OR_PRIVATE));
        assertThatThrownBy(() -> client(Optional.of("hf_wrong"), false).snapshotDownload("team-lucid/gated", "main",
                List.of(), DownloadListener.NONE))
                .hasMessageContaining("the token sent was refused");

        hub.clearRequests();
        Path snapshot = client(Optional.of(LoopbackHub.GOOD_TOKEN), false)
                .snapshotDownload("team-lucid/gated", "main", List.of(), DownloadListener.NONE);
        assertThat(snapshot.resolve("model.safetensors")).hasBinaryContent(weights);
        assertThat(hub.requests("HEAD", "/team-lucid/gated/resolve/")).extracting(LoopbackHub.Seen::authorization)
                .containsOnly("Bearer " + LoopbackHub.GOOD_TOKEN);
        // The token stays with the Hub: the redirect to the CDN host is followed without it (the CDN refuses it).
        assertThat(hub.requests("GET", "/cdn/")).extracting(LoopbackHub.Seen::authorization).containsOnlyNulls();
    }

    @Test
    void aRefusedCdnLinkIsNotMistakenForAGatedRepo() {
        hub.expireCdnLinks();
        assertThatThrownBy(() -> client().snapshotDownload(REPO, "main", List.of("model.safetensors"),
                DownloadListener.NONE))
                .isInstanceOf(HubException.class)
                .hasMessage("HTTP 403 from the download host localhost for model.safetensors of " + REPO
                        + "; run again for a fresh link");
    }

    @Test
    void aMissingRepoOrRevisionIsNamedWithTheEndpoint() {
        assertThatThrownBy(() -> client().snapshotDownload("team-lucid/missing", "main", List.of(),
                DownloadListener.NONE))
                .isInstanceOf(HubException.class)
                .hasMessageStartingWith("repo team-lucid/missing (revision main) not found at " + hub.endpoint())
                .satisfies(e -> assertThat(((HubException) e).reason()).isEqualTo(HubException.Reason.NOT_FOUND));
        assertThatThrownBy(() -> client().snapshotDownload(REPO, "v9", List.of(), DownloadListener.NONE))
                .hasMessageStartingWith("revision v9 not found in repo " + REPO + " at " + hub.endpoint());
    }

    @Test
    void aRenamedRepoIsFollowedThroughRelativeRedirectsAndCachedUnderTheRequestedName() throws IOException {
        hub.rename("old-org/old-name", REPO);

        Path snapshot = client().snapshotDownload("old-org/old-name", "main", List.of("config.json",
                "model.safetensors"), DownloadListener.NONE);

        assertThat(snapshot).isEqualTo(cacheDir.resolve("models--old-org--old-name/snapshots/" + COMMIT));
        assertThat(snapshot.resolve("model.safetensors")).hasBinaryContent(weights);
        assertThat(hub.requests("HEAD", "/old-org/old-name/resolve/")).hasSize(2);
        assertThat(hub.requests("HEAD", "/" + REPO + "/resolve/")).hasSize(2);
    }

    @Test
    void includeGlobsThatMatchNothingListTheRepoFiles() {
        assertThatThrownBy(() -> client().snapshotDownload(REPO, "main", List.of("*.gguf"), DownloadListener.NONE))
                .isInstanceOf(HubException.class)
                .hasMessageContaining("no file of repo " + REPO)
                .hasMessageContaining("[*.gguf]")
                .hasMessageContaining("model.safetensors");
    }

    @Test
    void twoThreadsDownloadingTheSameRepoTransferEachBlobOnce() throws Exception {
        // Both clients must have asked for metadata before any bytes flow, so they really race for the blob.
        hub.holdCdnUntilHeads(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                results.add(pool.submit(() -> client().snapshotDownload(REPO, "main", List.of("model.safetensors"),
                        DownloadListener.NONE)));
            }
            Path first = results.get(0).get();
            Path second = results.get(1).get();

            assertThat(first).isEqualTo(second);
            assertThat(Files.readAllBytes(first.resolve("model.safetensors"))).isEqualTo(weights);
            assertThat(hub.requests("HEAD", "/" + REPO + "/resolve/")).hasSize(2);
            assertThat(hub.requests("GET", "/cdn/")).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoProcessesDownloadingTheSameRepoTransferEachBlobOnce() throws Exception {
        hub.holdCdnUntilHeads(2);
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), SnapshotDownloadProcess.class.getName(),
                hub.endpoint().toString(), cacheDir.toString(), REPO, "model.safetensors")
                .redirectErrorStream(true).start();
        try {
            Path mine = client().snapshotDownload(REPO, "main", List.of("model.safetensors"), DownloadListener.NONE);
            String otherOutput = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();

            assertThat(other.waitFor()).as(otherOutput).isZero();
            assertThat(otherOutput).isEqualTo(mine.toString());
            assertThat(Files.readAllBytes(mine.resolve("model.safetensors"))).isEqualTo(weights);
            assertThat(hub.requests("HEAD", "/" + REPO + "/resolve/")).hasSize(2);
            assertThat(hub.requests("GET", "/cdn/")).hasSize(1);
        } finally {
            other.destroyForcibly();
        }
    }

    private static LoopbackHub.HubFile regular(String text) {
        return new LoopbackHub.HubFile(text.getBytes(StandardCharsets.UTF_8), false);
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static List<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> !Files.isDirectory(p)).map(p -> p.getFileName().toString()).toList();
        }
    }
}
