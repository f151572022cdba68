package dev.deberta4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {
    @TempDir
    Path dir;

    @Test
    void prefersSafetensorsInAModelDirectory() {
        try (TensorSource s = Checkpoints.open(Fixtures.path("v3-base-like"))) {
            assertThat(s).isInstanceOf(SafetensorsFile.class);
            assertThat(s.path()).isEqualTo(Fixtures.path("v3-base-like/model.safetensors"));
        }
    }

    @Test
    void fallsBackToPytorchModelBin() {
        try (TensorSource s = Checkpoints.open(Fixtures.path("v2-tokentype-abs-pos/formats/torch-legacy"))) {
            assertThat(s).isInstanceOf(TorchCheckpoint.class);
            assertThat(s.names()).hasSize(51);
        }
    }

    @Test
    void safetensorsWinsOverTorchWhenBothArePresent() throws IOException {
        Files.copy(Fixtures.path("v2-tokentype-abs-pos/formats/torch-zip/pytorch_model.bin"), dir.resolve("pytorch_model.bin"));
        Files.copy(Fixtures.path("v2-tokentype-abs-pos/model.safetensors"), dir.resolve("model.safetensors"));
        try (TensorSource s = Checkpoints.open(dir)) {
            assertThat(s).isInstanceOf(SafetensorsFile.class);
        }
    }

    @Test
    void opensAShardedTorchIndex() throws IOException {
        Path shard = dir.resolve("pytorch_model-00001-of-00001.bin");
        Files.copy(Fixtures.path("v2-tokentype-abs-pos/formats/torch-zip/pytorch_model.bin"), shard, StandardCopyOption.REPLACE_EXISTING);
        ObjectNode index = new ObjectMapper().createObjectNode();
        ObjectNode map = index.putObject("weight_map");
        try (SafetensorsFile st = SafetensorsFile.open(Fixtures.path("v2-tokentype-abs-pos/model.safetensors"))) {
            st.names().forEach(n -> map.put(n, shard.getFileName().toString()));
            Files.writeString(dir.resolve("pytorch_model.bin.index.json"), index.toString());
            try (TensorSource s = Checkpoints.open(dir)) {
                assertThat(s).isInstanceOf(ShardedSafetensors.class);
                assertThat(s.readFloats("classifier.weight")).containsExactly(st.readFloats("classifier.weight"));
            }
        }
    }

    @Test
    void aFilePathOpensThatFile() {
        Path fp16 = Fixtures.path("v2-tokentype-abs-pos/formats/fp16/model.safetensors");
        try (TensorSource s = Checkpoints.open(fp16)) {
            assertThat(s.info("classifier.bias").dtype()).isEqualTo(DType.F16);
        }
    }

    @Test
    void emptyDirectoryListsWhatWasLookedFor() {
        assertThatThrownBy(() -> Checkpoints.open(dir))
                .isInstanceOf(CheckpointException.class)
                .hasMessage(dir + ": no weights found; looked for model.safetensors, model.safetensors.index.json,"
                        + " pytorch_model.bin, pytorch_model.bin.index.json");
        assertThatThrownBy(() -> Checkpoints.open(dir.resolve("absent")))
                .hasMessage(dir.resolve("absent") + ": no such model directory or weight file");
    }
}
