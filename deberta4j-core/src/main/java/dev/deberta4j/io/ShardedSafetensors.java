package dev.deberta4j.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A checkpoint split over several files and described by an index such as {@code model.safetensors.index.json}:
 * {@code {"metadata": {...}, "weight_map": {"tensor name": "shard file name", ...}}}. All shards are opened (and
 * mapped) eagerly, and the index must agree exactly with what the shards contain. The same index layout is used
 * for {@code pytorch_model.bin.index.json}, whose shards {@link Checkpoints} opens with {@link TorchCheckpoint}.
 */
public final class ShardedSafetensors implements TensorSource {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path index;
    private final SortedMap<String, TensorSource> shardOf;
    private final List<TensorSource> shards;

    private ShardedSafetensors(Path index, SortedMap<String, TensorSource> shardOf, List<TensorSource> shards) {
        this.index = index;
        this.shardOf = shardOf;
        this.shards = shards;
    }

    /** Opens an index whose shards are safetensors files in the index's directory. */
    public static ShardedSafetensors open(Path indexJson) {
        return open(indexJson, SafetensorsFile::open);
    }

    /** Opens an index whose shards are read by {@code openShard} (for torch {@code .bin} shards). */
    static ShardedSafetensors open(Path indexJson, Function<Path, TensorSource> openShard) {
        Map<String, String> weightMap = readWeightMap(indexJson);
        Path dir = indexJson.toAbsolutePath().normalize().getParent(); // "./index.json" names the same folder
        Map<String, TensorSource> byFile = new LinkedHashMap<>();
        try {
            SortedMap<String, TensorSource> shardOf = new TreeMap<>();
            for (Map.Entry<String, String> e : weightMap.entrySet()) {
                TensorSource shard = byFile.get(e.getValue());
                if (shard == null) {
                    shard = openShard.apply(shardPath(indexJson, dir, e.getKey(), e.getValue()));
                    byFile.put(e.getValue(), shard);
                }
                if (!shard.contains(e.getKey())) {
                    throw new CheckpointException(indexJson, "weight_map puts tensor " + e.getKey() + " in shard "
                            + e.getValue() + ", which does not contain it");
                }
                shardOf.put(e.getKey(), shard);
            }
            for (Map.Entry<String, TensorSource> shard : byFile.entrySet()) {
                for (String name : shard.getValue().names()) {
                    if (shardOf.get(name) != shard.getValue()) {
                        throw new CheckpointException(indexJson, "shard " + shard.getKey() + " contains tensor " + name
                                + ", which weight_map " + (weightMap.containsKey(name)
                                ? "puts in shard " + weightMap.get(name) : "does not list"));
                    }
                }
            }
            return new ShardedSafetensors(indexJson, Collections.unmodifiableSortedMap(shardOf),
                    List.copyOf(byFile.values()));
        } catch (RuntimeException e) {
            byFile.values().forEach(TensorSource::close);
            throw e;
        }
    }

    private static Map<String, String> readWeightMap(Path indexJson) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(indexJson));
        } catch (JacksonException e) {
            throw new CheckpointException(indexJson, "index is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new CheckpointException(indexJson, "cannot read: " + e, e);
        }
        if (root == null || !root.isObject()) {
            throw new CheckpointException(indexJson, "index must be a JSON object");
        }
        JsonNode map = root.get("weight_map");
        if (map == null || !map.isObject()) {
            throw new CheckpointException(indexJson, "index needs a \"weight_map\" object of tensor name -> shard file");
        }
        if (map.isEmpty()) {
            throw new CheckpointException(indexJson, "weight_map is empty");
        }
        Map<String, String> weightMap = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : map.properties()) {
            if (!e.getValue().isTextual()) {
                throw new CheckpointException(indexJson, "weight_map entry " + e.getKey()
                        + " must name a shard file, found " + e.getValue());
            }
            weightMap.put(e.getKey(), e.getValue().textValue());
        }
        return weightMap;
    }

    /** Shards must be plain files next to the index: an index must not reach elsewhere on disk. */
    private static Path shardPath(Path indexJson, Path dir, String tensor, String shard) {
        Path resolved = dir.resolve(shard).normalize();
        if (shard.isEmpty() || !dir.equals(resolved.getParent())) {
            throw new CheckpointException(indexJson, "weight_map entry " + tensor + " names shard \"" + shard
                    + "\"; shards must be file names in the index's directory");
        }
        if (!Files.isRegularFile(resolved)) {
            throw new CheckpointException(indexJson, "shard " + shard + " (for tensor " + tensor + ") does not exist");
        }
        if (Files.isSymbolicLink(resolved)) {
            requireLinkInside(indexJson, dir, shard, resolved);
        }
        return resolved;
    }

    /**
     * A shard may be a symbolic link only to a file inside the model folder, or, for a Hub cache snapshot
     * ({@code .../snapshots/{commit}/}), to the repo's {@code blobs/} folder, where the cache keeps the bytes.
     */
    private static void requireLinkInside(Path indexJson, Path dir, String shard, Path link) {
        try {
            Path target = link.toRealPath();
            Path realDir = dir.toRealPath();
            Path parent = realDir.getParent();
            boolean inSnapshot = parent != null && parent.getFileName() != null
                    && parent.getFileName().toString().equals("snapshots") && parent.getParent() != null
                    && target.startsWith(parent.getParent().resolve("blobs"));
            if (!target.startsWith(realDir) && !inSnapshot) {
                throw new CheckpointException(indexJson, "shard " + shard + " is a symbolic link to " + target
                        + ", outside the model folder; refusing to follow it");
            }
        } catch (IOException e) {
            throw new CheckpointException(indexJson, "cannot resolve the symbolic link of shard " + shard + ": " + e, e);
        }
    }

    /** The distinct shard files, in the order they were first named. */
    public List<Path> shardPaths() {
        List<Path> paths = new ArrayList<>();
        shards.forEach(s -> paths.add(s.path()));
        return paths;
    }

    @Override
    public Path path() {
        return index;
    }

    @Override
    public Set<String> names() {
        return shardOf.keySet();
    }

    @Override
    public TensorInfo info(String name) {
        return shard(name).info(name);
    }

    @Override
    public boolean contains(String name) {
        return shardOf.containsKey(name);
    }

    @Override
    public float[] readFloats(String name) {
        return shard(name).readFloats(name);
    }

    @Override
    public void readFloats(String name, float[] dst) {
        shard(name).readFloats(name, dst);
    }

    @Override
    public java.lang.foreign.MemorySegment mapF32(String name, java.lang.foreign.Arena arena) {
        return shard(name).mapF32(name, arena);
    }

    @Override
    public long[] readLongs(String name) {
        return shard(name).readLongs(name);
    }

    @Override
    public ByteBuffer readRaw(String name) {
        return shard(name).readRaw(name);
    }

    @Override
    public void close() {
        shards.forEach(TensorSource::close);
    }

    private TensorSource shard(String name) {
        TensorSource shard = shardOf.get(name);
        if (shard == null) {
            throw new CheckpointException(index, "no tensor named \"" + name + "\" (" + shardOf.size() + " tensors)");
        }
        return shard;
    }
}
