package dev.deberta4j.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.io.SafetensorsFile;
import dev.deberta4j.io.TensorSource;
import dev.deberta4j.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** One golden fixture case (copied from ../shared/fixtures): its config, weights, inputs and outputs. */
final class GoldenCase implements AutoCloseable {
    static final List<String> CASES = List.of("v2-conv-c2p", "v2-tokentype-abs-pos", "v3-base-like");
    /** Inputs longer than max_position_embeddings (1100 tokens); its golden has no attentions or relative_pos. */
    static final String LONG = "v3-long";
    /** Every case the float32 parity tests run. */
    static final List<String> ALL = List.of("v2-conv-c2p", "v2-tokentype-abs-pos", "v3-base-like", LONG);

    final String name;
    final Path dir;
    final JsonNode golden;
    final SafetensorsFile outputs;

    GoldenCase(String name) {
        this.name = name;
        this.dir = resource("/fixtures/" + name);
        try {
            this.golden = new ObjectMapper().readTree(dir.resolve("golden.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.outputs = SafetensorsFile.open(dir.resolve("golden.safetensors"));
    }

    static Path resource(String path) {
        try {
            var url = GoldenCase.class.getResource(path);
            if (url == null) throw new IllegalStateException("missing test resource " + path);
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The golden inputs as a model input (multiple choice: the batch is the choices of one example). */
    ModelInput input() {
        long[] shape = outputs.info("input_ids").shape();
        int batch = (int) shape[0];
        int len = (int) shape[1];
        return new ModelInput(batch, len, ints("input_ids"), ints("attention_mask"), ints("token_type_ids"), 1);
    }

    int[] ints(String name) {
        return Arrays.stream(outputs.readLongs(name)).mapToInt(Math::toIntExact).toArray();
    }

    Tensor tensor(String name) {
        long[] shape = outputs.info(name).shape();
        return new Tensor(outputs.readFloats(name), Arrays.stream(shape).mapToInt(Math::toIntExact).toArray());
    }

    List<String> heads() {
        return iterable(golden.get("heads").fieldNames());
    }

    DebertaConfig headConfig(String head) {
        return DebertaConfig.load(dir.resolve(golden.get("heads").get(head).get("config").asText()));
    }

    /** The model's deberta.* weights with the head's own tensors on top. */
    TensorSource headWeights(String head) {
        return new LayeredTensorSource(
                SafetensorsFile.open(dir.resolve(golden.get("heads").get(head).get("weights").asText())),
                SafetensorsFile.open(dir.resolve("model.safetensors")));
    }

    /** Whether the golden holds this tensor (v3-long leaves out attentions and relative positions). */
    boolean has(String tensor) {
        return outputs.contains(tensor);
    }

    int numLayers() {
        return DebertaConfig.load(dir).numHiddenLayers;
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Override
    public void close() {
        outputs.close();
    }

    @Override
    public String toString() {
        return name;
    }
}
