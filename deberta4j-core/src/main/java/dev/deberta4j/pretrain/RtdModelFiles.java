package dev.deberta4j.pretrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.io.CheckpointException;
import dev.deberta4j.io.SafetensorsFile;
import dev.deberta4j.io.SafetensorsWriter;
import dev.deberta4j.train.Parameter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The full state of an {@link RtdModel} in a directory (a training checkpoint's model part): rtd_weights.safetensors
 * (every parameter under the fixture's names, float32), discriminator_config.json, generator_config.json and
 * rtd_model.json (seed, pass counter, options). The caller makes the directory atomic (AtomicDirectory).
 */
final class RtdModelFiles {
    static final String WEIGHTS = "rtd_weights.safetensors";
    static final String DISCRIMINATOR_CONFIG = "discriminator_config.json";
    static final String GENERATOR_CONFIG = "generator_config.json";
    static final String STATE = "rtd_model.json";
    private static final String FORMAT = "deberta4j-rtd-model";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RtdModelFiles() {
    }

    static void save(RtdModel model, Path dir) {
        try {
            Files.createDirectories(dir);
            SafetensorsWriter writer = new SafetensorsWriter();
            for (Parameter p : model.parameters()) writer.addF32(p.name(), p.data(), p.longShape());
            writer.write(dir.resolve(WEIGHTS));
            writeJson(dir.resolve(DISCRIMINATOR_CONFIG), configJson(model.discriminatorConfig()));
            writeJson(dir.resolve(GENERATOR_CONFIG), configJson(model.generatorConfig()));
            ObjectNode state = JSON.createObjectNode();
            state.put("format", FORMAT);
            state.put("version", 1);
            state.put("seed", model.seed());
            state.put("passes", model.passes());
            state.put("rtd_weight", model.options().rtdWeight());
            state.put("emd", model.options().emd());
            writeJson(dir.resolve(STATE), state);
        } catch (IOException e) {
            throw new CheckpointException(dir, "cannot write the RTD model: " + e, e);
        }
    }

    static RtdModel load(Path dir) {
        JsonNode state = readJson(dir.resolve(STATE));
        if (!FORMAT.equals(state.path("format").asText())) {
            throw new CheckpointException(dir.resolve(STATE), "format: expected \"" + FORMAT + "\", found "
                    + state.path("format"));
        }
        for (String field : new String[]{"seed", "passes", "rtd_weight", "emd"}) {
            if (!state.hasNonNull(field)) throw new CheckpointException(dir.resolve(STATE), "missing field \"" + field + "\"");
        }
        DebertaConfig discriminator = DebertaConfig.load(dir.resolve(DISCRIMINATOR_CONFIG));
        DebertaConfig generator = DebertaConfig.load(dir.resolve(GENERATOR_CONFIG));
        RtdOptions options = new RtdOptions(state.get("rtd_weight").asDouble(), state.get("emd").asBoolean());
        RtdModel model;
        try (SafetensorsFile weights = SafetensorsFile.open(dir.resolve(WEIGHTS))) {
            model = RtdModel.fromWeights(discriminator, generator, options, weights, state.get("seed").asLong());
        }
        model.restorePasses(state.get("passes").asLong());
        return model;
    }

    private static ObjectNode configJson(DebertaConfig c) {
        ObjectNode json = c.toJson();
        json.put("model_type", c.family.modelType());
        return json;
    }

    private static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static void writeJson(Path file, ObjectNode json) throws IOException {
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), json);
    }
}
