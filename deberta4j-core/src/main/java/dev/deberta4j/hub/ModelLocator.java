package dev.deberta4j.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deberta4j.download.DownloadListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns what a user passes as {@code --model} into a model directory: an existing directory as is, otherwise a Hub
 * repo id {@code org/name} found in the shared cache or, when missing and not offline, downloaded into it.
 */
public final class ModelLocator {

    private static final String REVISION = "main";

    private ModelLocator() { }

    /** Resolves with {@link HubSettings#fromEnvironment()} and no progress reporting. */
    public static Path resolve(String dirOrRepoId) throws IOException {
        return resolve(dirOrRepoId, new HubClient(HubSettings.fromEnvironment()), DownloadListener.NONE);
    }

    public static Path resolve(String dirOrRepoId, HubClient client, DownloadListener listener) throws IOException {
        Path asPath = Path.of(dirOrRepoId);
        if (Files.isDirectory(asPath)) {
            return asPath;
        }
        RepoId repo;
        try {
            repo = RepoId.parse(dirOrRepoId);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model '" + dirOrRepoId
                    + "' is neither an existing directory nor a Hub repo id: " + e.getMessage(), e);
        }
        List<String> missing = List.of("config.json", "the weights");
        try {
            Path cached = client.resolveCached(repo.toString(), REVISION);
            missing = missingModelFiles(cached);
            if (missing.isEmpty()) {
                return cached;
            }
        } catch (HubException notCached) {
            if (client.settings().offline()) {
                throw notCached;
            }
        }
        if (client.settings().offline()) {
            throw new HubException(HubException.Reason.NOT_IN_CACHE, "HF_HUB_OFFLINE=1 and the cached snapshot of "
                    + repo + " at " + client.settings().cacheDir() + " lacks " + missing);
        }
        Path snapshot = client.snapshotDownload(repo.toString(), REVISION, List.of(), listener);
        missing = missingModelFiles(snapshot);
        if (!missing.isEmpty()) {
            throw new HubException(HubException.Reason.FILE_NOT_FOUND, "repo " + repo + " has no " + missing
                    + " that deberta4j can load (snapshot " + snapshot + ")");
        }
        return snapshot;
    }

    /**
     * What a loadable snapshot lacks: config.json, and weights as model.safetensors, pytorch_model.bin, or an index
     * whose every shard is present. Guards against a snapshot left half-filled by an interrupted download.
     */
    static List<String> missingModelFiles(Path snapshot) throws IOException {
        List<String> missing = new ArrayList<>();
        if (!Files.isRegularFile(snapshot.resolve("config.json"))) {
            missing.add("config.json");
        }
        if (!Files.isRegularFile(snapshot.resolve("model.safetensors"))
                && !Files.isRegularFile(snapshot.resolve("pytorch_model.bin"))
                && !shardsComplete(snapshot, "model.safetensors.index.json")
                && !shardsComplete(snapshot, "pytorch_model.bin.index.json")) {
            missing.add("the weights (model.safetensors, pytorch_model.bin or a complete sharded index)");
        }
        return missing;
    }

    private static boolean shardsComplete(Path snapshot, String indexName) throws IOException {
        Path index = snapshot.resolve(indexName);
        if (!Files.isRegularFile(index)) {
            return false;
        }
        JsonNode weightMap = new ObjectMapper().readTree(index.toFile()).path("weight_map");
        if (!weightMap.isObject() || weightMap.isEmpty()) {
            return false;
        }
        for (JsonNode shard : weightMap) {
            if (!Files.isRegularFile(snapshot.resolve(shard.asText()))) {
                return false;
            }
        }
        return true;
    }
}
