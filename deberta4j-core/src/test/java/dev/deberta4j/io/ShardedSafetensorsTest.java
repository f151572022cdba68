package dev.deberta4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardedSafetensorsTest {
    private static final Path MODEL = Fixtures.path("v2-tokentype-abs-pos/model.safetensors");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Splits the fixture model into two shards plus an index, as save_pretrained(max_shard_size=...) would. */
    private Path writeShards() throws IOException {
        ObjectNode index = JSON.createObjectNode();
        index.putObject("metadata").put("total_size", Files.size(MODEL));
        ObjectNode weightMap = index.putObject("weight_map");
        try (SafetensorsFile st = SafetensorsFile.open(MODEL)) {
            List<String> names = new ArrayList<>(st.names());
            SafetensorsWriter first = new SafetensorsWriter();
            SafetensorsWriter second = new SafetensorsWriter();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                boolean inFirst = i < names.size() / 2;
                (inFirst ? first : second).addF32(name, st.readFloats(name), st.info(name).shape());
                weightMap.put(name, inFirst ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors");
            }
            first.write(dir.resolve("model-00001-of-00002.safetensors"));
            second.write(dir.resolve("model-00002-of-00002.safetensors"));
        }
        return writeIndex(index);
    }

    private Path writeIndex(ObjectNode index) throws IOException {
        Path p = dir.resolve("model.safetensors.index.json");
        Files.writeString(p, index.toPrettyString());
        return p;
    }

    private ObjectNode readIndex(Path p) throws IOException {
        return (ObjectNode) JSON.readTree(p.toFile());
    }

    @Test
    void readsBackEveryTensorOfTheSplitModel() throws IOException {
        Path index = writeShards();
        try (ShardedSafetensors sharded = ShardedSafetensors.open(index);
             SafetensorsFile whole = SafetensorsFile.open(MODEL)) {
            assertThat(sharded.path()).isEqualTo(index);
            assertThat(sharded.shardPaths()).extracting(p -> p.getFileName().toString())
                    .containsExactlyInAnyOrder("model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors");
            assertThat(sharded.names()).containsExactlyElementsOf(whole.names());
            for (String name : whole.names()) {
                assertThat(sharded.info(name)).isEqualTo(whole.info(name));
                assertThat(sharded.readFloats(name)).as(name).containsExactly(whole.readFloats(name));
                assertThat(sharded.readRaw(name)).isEqualTo(whole.readRaw(name));
            }
            assertThatThrownBy(() -> sharded.readFloats("nope"))
                    .hasMessage(index + ": no tensor named \"nope\" (51 tensors)");
        }
    }

    @Test
    void indexNamingATensorItsShardLacksIsRefused() throws IOException {
        Path index = writeShards();
        ObjectNode json = readIndex(index);
        ((ObjectNode) json.get("weight_map")).put("classifier.bias", "model-00002-of-00002.safetensors");
        writeIndex(json);
        assertThatThrownBy(() -> ShardedSafetensors.open(index))
                .isInstanceOf(CheckpointException.class)
                .hasMessage(index + ": weight_map puts tensor classifier.bias in shard model-00002-of-00002.safetensors,"
                        + " which does not contain it");
    }

    @Test
    void shardTensorMissingFromTheIndexIsRefused() throws IOException {
        Path index = writeShards();
        ObjectNode json = readIndex(index);
        ((ObjectNode) json.get("weight_map")).remove("classifier.weight");
        writeIndex(json);
        assertThatThrownBy(() -> ShardedSafetensors.open(index))
                .hasMessage(index + ": shard model-00001-of-00002.safetensors contains tensor classifier.weight,"
                        + " which weight_map does not list");
    }

    @Test
    void missingOrEscapingShardIsRefused() throws IOException {
        Path index = writeShards();
        ObjectNode json = readIndex(index);
        ((ObjectNode) json.get("weight_map")).put("classifier.bias", "model-00009.safetensors");
        writeIndex(json);
        assertThatThrownBy(() -> ShardedSafetensors.open(index))
                .hasMessage(index + ": shard model-00009.safetensors (for tensor classifier.bias) does not exist");
        ((ObjectNode) json.get("weight_map")).put("classifier.bias", "../model-00001-of-00002.safetensors");
        writeIndex(json);
        assertThatThrownBy(() -> ShardedSafetensors.open(index))
                .hasMessage(index + ": weight_map entry classifier.bias names shard \"../model-00001-of-00002.safetensors\";"
                        + " shards must be file names in the index's directory");
    }

    @Test
    void malformedIndexIsRefused() throws IOException {
        Path index = dir.resolve("model.safetensors.index.json");
        Files.writeString(index, "{\"weight_map\": ");
        assertThatThrownBy(() -> ShardedSafetensors.open(index)).hasMessageStartingWith(index + ": index is not valid JSON");
        Files.writeString(index, "{\"metadata\": {}}");
        assertThatThrownBy(() -> ShardedSafetensors.open(index))
                .hasMessage(index + ": index needs a \"weight_map\" object of tensor name -> shard file");
        Files.writeString(index, "{\"weight_map\": {\"a\": 3}}");
        assertThatThrownBy(() -> ShardedSafetensors.open(index))
                .hasMessage(index + ": weight_map entry a must name a shard file, found 3");
    }

    /** A valid sharded folder named with "./" was refused: the index's folder was compared un-normalised. */
    @Test
    void aShardedFolderGivenAsDotSlashPathIsAccepted() throws IOException {
        Path here = Path.of("").toAbsolutePath();
        Path local = Files.createDirectories(here.resolve("target").resolve("sharded-dot-" + System.nanoTime()));
        try {
            Path index = writeShards();
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) Files.copy(f, local.resolve(f.getFileName()));
            }
            Path dotted = Path.of(".", here.relativize(local).toString(), index.getFileName().toString());
            try (ShardedSafetensors sharded = ShardedSafetensors.open(dotted);
                 TensorSource viaCheckpoints = Checkpoints.open(Path.of(".", here.relativize(local).toString()))) {
                assertThat(sharded.names()).isNotEmpty();
                assertThat(viaCheckpoints.names()).isEqualTo(sharded.names());
            }
        } finally {
            try (var files = Files.list(local)) {
                for (Path f : files.toList()) Files.delete(f);
            }
            Files.delete(local);
        }
    }

    /** The Hub cache links snapshot files to ../../blobs: such links stay accepted. */
    @Test
    void hubCacheSnapshotLinksToBlobsAreFollowed() throws IOException {
        Path index = writeShards();
        Path repo = dir.resolve("models--org--m");
        Path blobs = Files.createDirectories(repo.resolve("blobs"));
        Path snapshot = Files.createDirectories(repo.resolve("snapshots").resolve("c0ffee"));
        for (String shard : List.of("model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors")) {
            Files.move(dir.resolve(shard), blobs.resolve(shard + ".blob"));
            Files.createSymbolicLink(snapshot.resolve(shard), Path.of("../../blobs", shard + ".blob"));
        }
        Files.move(index, snapshot.resolve(index.getFileName()));
        try (ShardedSafetensors sharded = ShardedSafetensors.open(snapshot.resolve(index.getFileName()))) {
            assertThat(sharded.names()).isNotEmpty();
        }
    }
}
