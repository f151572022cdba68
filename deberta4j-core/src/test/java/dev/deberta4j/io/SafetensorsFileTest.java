package dev.deberta4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SafetensorsFileTest {

    static Stream<Path> allFixtureSafetensors() throws IOException {
        try (Stream<Path> files = Files.walk(Fixtures.path(""))) {
            List<Path> list = files.filter(p -> p.toString().endsWith(".safetensors")).sorted().toList();
            assertThat(list).hasSizeGreaterThan(30);
            return list.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("allFixtureSafetensors")
    void everyFixtureFileOpensAndEveryTensorReads(Path file) {
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertThat(List.copyOf(st.names())).isNotEmpty().isSorted();
            for (String name : st.names()) {
                TensorInfo info = st.info(name);
                assertThat(info.name()).isEqualTo(name);
                long n = info.dtype().isFloatingPoint() ? st.readFloats(name).length : st.readLongs(name).length;
                assertThat(n).as(name).isEqualTo(info.numel());
                assertThat(st.readRaw(name).remaining()).isEqualTo(info.byteLength());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"v2-conv-c2p", "v2-tokentype-abs-pos", "v3-base-like"})
    void modelShapesMatchTheirConfig(String fixture) throws IOException {
        JsonNode config = new ObjectMapper().readTree(Fixtures.path(fixture + "/config.json").toFile());
        long hidden = config.get("hidden_size").asLong();
        long embedding = config.has("embedding_size") ? config.get("embedding_size").asLong() : hidden;
        long intermediate = config.get("intermediate_size").asLong();
        int layers = config.get("num_hidden_layers").asInt();
        try (SafetensorsFile st = SafetensorsFile.open(Fixtures.path(fixture + "/model.safetensors"))) {
            assertThat(st.metadata()).containsEntry("format", "pt");
            assertThat(st.info("deberta.embeddings.word_embeddings.weight").shape())
                    .containsExactly(config.get("vocab_size").asLong(), embedding);
            assertThat(st.info("classifier.weight").shape()).containsExactly(3, hidden);
            for (int l = 0; l < layers; l++) {
                String p = "deberta.encoder.layer." + l + ".";
                assertThat(st.info(p + "attention.self.query_proj.weight").shape()).containsExactly(hidden, hidden);
                assertThat(st.info(p + "intermediate.dense.weight").shape()).containsExactly(intermediate, hidden);
                assertThat(st.info(p + "output.dense.bias").shape()).containsExactly(hidden);
                assertThat(st.info(p + "attention.self.query_proj.weight").dtype()).isEqualTo(DType.F32);
            }
            assertThat(st.contains("deberta.encoder.layer." + layers + ".output.dense.bias")).isFalse();
        }
    }

    /** Expected values were read from the files independently with numpy. */
    @Test
    void spotCheckedValues() {
        try (SafetensorsFile st = SafetensorsFile.open(Fixtures.path("v2-tokentype-abs-pos/model.safetensors"))) {
            assertThat(st.names()).hasSize(51);
            float[] words = st.readFloats("deberta.embeddings.word_embeddings.weight");
            assertThat(words).hasSize(600 * 32);
            assertThat(words[0]).isEqualTo(-0.5442620515823364f);
            assertThat(words[1]).isEqualTo(0.14482943713665009f);
            assertThat(words[2]).isEqualTo(0.23328670859336853f);
            assertThat(sum(words)).isCloseTo(-13.900706374304718, within(1e-9));
            assertThat(st.readFloats("classifier.bias")).containsExactly(0.1283942610025406f, 0.18296590447425842f, -0.06466259062290192f);
            assertThat(sum(st.readFloats("deberta.encoder.layer.0.attention.self.query_proj.weight")))
                    .isCloseTo(-12.418114551335748, within(1e-9));
        }
        try (SafetensorsFile st = SafetensorsFile.open(Fixtures.path("v3-base-like/model.safetensors"))) {
            assertThat(st.names()).hasSize(42);
            assertThat(sum(st.readFloats("deberta.embeddings.word_embeddings.weight")))
                    .isCloseTo(-136.29749979126427, within(1e-9));
            ByteBuffer raw = st.readRaw("classifier.bias");
            assertThat(raw.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
            assertThat(raw.isReadOnly()).isTrue();
            assertThat(raw.getFloat(0)).isEqualTo(-0.07723401486873627f);
        }
    }

    @Test
    void halfPrecisionFilesWidenExactly() {
        try (SafetensorsFile fp16 = SafetensorsFile.open(Fixtures.path("v2-tokentype-abs-pos/formats/fp16/model.safetensors"));
             SafetensorsFile bf16 = SafetensorsFile.open(Fixtures.path("v2-tokentype-abs-pos/formats/bf16/model.safetensors"))) {
            assertThat(fp16.info("classifier.bias").dtype()).isEqualTo(DType.F16);
            assertThat(fp16.readFloats("classifier.bias")).containsExactly(0.12841796875f, 0.1829833984375f, -0.06463623046875f);
            assertThat(bf16.info("classifier.bias").dtype()).isEqualTo(DType.BF16);
            assertThat(bf16.readFloats("classifier.bias")).containsExactly(0.1279296875f, 0.1826171875f, -0.064453125f);
        }
    }

    @Test
    void wrongAccessorAndUnknownNameAreSpecific() {
        Path file = Fixtures.path("v2-tokentype-abs-pos/model.safetensors");
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertThatThrownBy(() -> st.info("no.such.weight"))
                    .isInstanceOf(CheckpointException.class)
                    .hasMessage(file + ": no tensor named \"no.such.weight\" (51 tensors)");
            assertThatThrownBy(() -> st.readLongs("classifier.bias"))
                    .isInstanceOf(CheckpointException.class)
                    .hasMessageContaining("tensor classifier.bias has dtype F32; readLongs needs");
            assertThat(((CheckpointException) org.assertj.core.api.Assertions.catchThrowable(() -> st.readFloats("x"))).file())
                    .isEqualTo(file);
        }
    }

    @Test
    void readsAfterCloseFail() {
        SafetensorsFile st = SafetensorsFile.open(Fixtures.path("v2-tokentype-abs-pos/model.safetensors"));
        st.close();
        st.close();
        assertThatThrownBy(() -> st.readFloats("classifier.bias"))
                .isInstanceOf(CheckpointException.class)
                .hasMessageEndingWith("is closed (reading tensor classifier.bias)");
    }

    private static double sum(float[] values) {
        double s = 0;
        for (float v : values) {
            s += v;
        }
        return s;
    }
}
