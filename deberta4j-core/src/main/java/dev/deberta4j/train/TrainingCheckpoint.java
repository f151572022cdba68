package dev.deberta4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.io.AtomicDirectory;
import dev.deberta4j.io.CheckpointException;
import dev.deberta4j.io.SafetensorsFile;
import dev.deberta4j.io.SafetensorsWriter;
import dev.deberta4j.model.HeadType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * A training checkpoint directory: a Hugging Face model directory (config.json, model.safetensors with
 * transformers' names) plus optimizer.safetensors (AdamW's exp_avg / exp_avg_sq per parameter) and
 * trainer_state.json (options, data position, dropout position, optimizer hyper-parameters).
 *
 * <p>Writing is atomic for the directory as a whole: everything goes into a fresh temporary sibling directory,
 * each file forced to disk, which is then renamed into place; an existing checkpoint is first renamed aside and
 * deleted only after the new one is in place. A crash at any point leaves either the old or the new checkpoint
 * complete ({@link #load} recovers the old one if the crash fell between the two renames).
 */
public final class TrainingCheckpoint {
    public static final String CONFIG_FILE = "config.json";
    public static final String MODEL_FILE = "model.safetensors";
    public static final String OPTIMIZER_FILE = "optimizer.safetensors";
    public static final String STATE_FILE = "trainer_state.json";
    private static final String FORMAT = "deberta4j-training-checkpoint";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TrainingCheckpoint() {
    }

    /** What a checkpoint restores. */
    public record Loaded(TrainableModel model, AdamW optimizer, TrainerOptions options, TrainingPosition position,
                         int dataSize) {
    }

    public static void save(Path dir, TrainableModel model, AdamW optimizer, TrainerOptions options,
                            TrainingPosition position, int dataSize) {
        AtomicDirectory.replace(dir, "training checkpoint", temp -> {
            writeJson(temp.resolve(CONFIG_FILE), configJson(model));
            model.writeSafetensors(temp.resolve(MODEL_FILE));
            writeOptimizerState(temp.resolve(OPTIMIZER_FILE), optimizer);
            writeJson(temp.resolve(STATE_FILE), stateJson(model, optimizer, options, position, dataSize));
        });
    }

    /** AdamW's moments as safetensors: exp_avg.NAME and exp_avg_sq.NAME per parameter. */
    public static void writeOptimizerState(Path file, AdamW optimizer) {
        SafetensorsWriter moments = new SafetensorsWriter();
        for (Parameter p : optimizer.parameters()) {
            moments.addF32("exp_avg." + p.name(), optimizer.expAvg(p.name()), p.longShape());
            moments.addF32("exp_avg_sq." + p.name(), optimizer.expAvgSq(p.name()), p.longShape());
        }
        moments.write(file);
    }

    /** Restores AdamW's moments written by {@link #writeOptimizerState} and its step count. */
    public static void readOptimizerState(Path file, AdamW optimizer, long steps) {
        Map<String, float[]> m = new HashMap<>();
        Map<String, float[]> v = new HashMap<>();
        try (SafetensorsFile moments = SafetensorsFile.open(file)) {
            for (Parameter p : optimizer.parameters()) {
                m.put(p.name(), moments.readFloats("exp_avg." + p.name()));
                v.put(p.name(), moments.readFloats("exp_avg_sq." + p.name()));
            }
        }
        optimizer.restore(steps, m, v);
    }

    public static Loaded load(Path dir) {
        Path target = AtomicDirectory.recover(dir, "training checkpoint");
        JsonNode state = readJson(target.resolve(STATE_FILE));
        if (!FORMAT.equals(state.path("format").asText())) {
            throw new CheckpointException(target.resolve(STATE_FILE), "format: expected \"" + FORMAT + "\", found "
                    + state.path("format"));
        }
        DebertaConfig config = DebertaConfig.load(target.resolve(CONFIG_FILE));
        HeadType head = HeadType.fromCliName(required(state, "head", target).asText());
        long seed = required(state, "model_seed", target).asLong();
        TrainableModel model;
        try (SafetensorsFile weights = SafetensorsFile.open(target.resolve(MODEL_FILE))) {
            model = TrainableModel.create(config, head, weights, seed);
        }
        if (!model.freshlyInitialised().isEmpty()) {
            throw new CheckpointException(target.resolve(MODEL_FILE), "missing head weights "
                    + model.freshlyInitialised());
        }
        JsonNode opt = required(state, "optimizer", target);
        AdamW optimizer = new AdamW(model.parameters(), new AdamW.Options(opt.path("beta1").asDouble(),
                opt.path("beta2").asDouble(), opt.path("eps").asDouble(), opt.path("weight_decay").asDouble(),
                AdamW.DecayRule.valueOf(opt.path("decay_rule").asText())));
        readOptimizerState(target.resolve(OPTIMIZER_FILE), optimizer, opt.path("steps").asLong());
        JsonNode o = required(state, "options", target);
        TrainerOptions options = new TrainerOptions(o.path("epochs").asInt(), o.path("batch_size").asInt(),
                o.path("gradient_accumulation_steps").asInt(), o.path("max_grad_norm").asDouble(),
                o.path("seed").asLong(), o.path("shuffle").asBoolean());
        JsonNode p = required(state, "position", target);
        TrainingPosition position = new TrainingPosition(p.path("global_step").asLong(), p.path("epoch").asInt(),
                p.path("batch_in_epoch").asInt(), p.path("model_passes").asLong());
        return new Loaded(model, optimizer, options, position, required(state, "data_size", target).asInt());
    }

    /** config.json as transformers writes it for this head: the model's config with its architecture. */
    private static ObjectNode configJson(TrainableModel model) {
        ObjectNode json = model.config().toJson();
        json.putArray("architectures").add(model.headType().architecture(model.config().family));
        json.put("model_type", model.config().family.modelType());
        return json;
    }

    private static ObjectNode stateJson(TrainableModel model, AdamW optimizer, TrainerOptions options,
                                        TrainingPosition position, int dataSize) {
        ObjectNode s = JSON.createObjectNode();
        s.put("format", FORMAT);
        s.put("version", 1);
        s.put("head", model.headType().cliName());
        s.put("model_seed", model.seed());
        s.put("data_size", dataSize);
        ObjectNode p = s.putObject("position");
        p.put("global_step", position.globalStep());
        p.put("epoch", position.epoch());
        p.put("batch_in_epoch", position.batchInEpoch());
        p.put("model_passes", position.modelPasses());
        ObjectNode o = s.putObject("options");
        o.put("epochs", options.epochs());
        o.put("batch_size", options.batchSize());
        o.put("gradient_accumulation_steps", options.gradientAccumulationSteps());
        o.put("max_grad_norm", options.maxGradNorm());
        o.put("seed", options.seed());
        o.put("shuffle", options.shuffle());
        AdamW.Options a = optimizer.options();
        ObjectNode opt = s.putObject("optimizer");
        opt.put("name", "adamw");
        opt.put("steps", optimizer.steps());
        opt.put("beta1", a.beta1());
        opt.put("beta2", a.beta2());
        opt.put("eps", a.eps());
        opt.put("weight_decay", a.weightDecay());
        opt.put("decay_rule", a.decayRule().name());
        return s;
    }

    private static JsonNode required(JsonNode state, String field, Path dir) {
        JsonNode n = state.get(field);
        if (n == null || n.isNull()) {
            throw new CheckpointException(dir.resolve(STATE_FILE), "missing field \"" + field + "\"");
        }
        return n;
    }

    private static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static void writeJson(Path file, ObjectNode json) throws IOException {
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json).getBytes(StandardCharsets.UTF_8);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) out.write(b);
            out.force(true);
        }
    }

}
