package dev.deberta4j.finetune;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.io.CheckpointException;
import dev.deberta4j.io.InMemoryTensorSource;
import dev.deberta4j.io.SafetensorsWriter;
import dev.deberta4j.io.StagedDirectory;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.tokenizer.Tokenizer;
import dev.deberta4j.train.TrainableModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Writes a Hugging Face model directory: config.json (model_type, architectures, id2label / label2id,
 * problem_type), model.safetensors (transformers' names, float32, format "pt") and the tokenizer files copied
 * from a tokenizer directory, so that {@code AutoModelFor...from_pretrained} and {@code AutoTokenizer} load it.
 */
public final class ModelDirectory {
    /** The tokenizer files transformers reads, copied when present. */
    public static final List<String> TOKENIZER_FILES = Tokenizer.FILES;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelDirectory() {
    }

    /**
     * The config of a task model: the backbone's fields plus the labels and problem type the task implies
     * (regression: one label "LABEL_0"). Keeps the given labels' names as id2label/label2id.
     */
    public static DebertaConfig taskConfig(DebertaConfig base, TextTask task, LabelSet labels) {
        Map<String, Object> o = new LinkedHashMap<>();
        LabelSet names = task == TextTask.REGRESSION ? new LabelSet(List.of("LABEL_0")) : labels;
        Map<String, String> id2label = new LinkedHashMap<>();
        Map<String, Integer> label2id = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            id2label.put(Integer.toString(i), names.name(i));
            label2id.put(names.name(i), i);
        }
        o.put("id2label", id2label);
        o.put("label2id", label2id);
        if (task.problemType() != null) o.put("problem_type", task.problemType());
        o.put("architectures", List.of(task.head().architecture(base.family)));
        o.put("model_type", base.family.modelType());
        ObjectNode json = base.toJson();
        json.remove("num_labels");
        json.remove("problem_type");
        return DebertaConfig.fromJson(json).with(o);
    }

    /** Writes config.json (with the head's architecture), model.safetensors and the tokenizer files. */
    public static void write(Path dir, TrainableModel model, Path tokenizerDir) {
        write(dir, model.config(), model.headType(), model::writeSafetensors, tokenizerDir);
    }

    /** As {@link #write(Path, TrainableModel, Path)} for weights held in memory (e.g. freshly initialised ones). */
    public static void write(Path dir, DebertaConfig config, HeadType head, InMemoryTensorSource weights,
                             Path tokenizerDir) {
        write(dir, config, head, file -> {
            SafetensorsWriter writer = new SafetensorsWriter();
            for (String name : weights.names()) {
                writer.addF32(name, weights.readFloats(name), weights.info(name).shape());
            }
            writer.write(file);
        }, tokenizerDir);
    }

    private static void write(Path dir, DebertaConfig config, HeadType head, Consumer<Path> weightsWriter,
                              Path tokenizerDir) {
        // Staged in a sibling folder, then each file renamed into place with config.json last: the folder is
        // loadable at every instant, even if the process is killed while saving (nothing is edited in place).
        try (StagedDirectory staged = StagedDirectory.create(dir)) {
            if (tokenizerDir != null) copyTokenizer(tokenizerDir, staged.path());
            weightsWriter.accept(staged.path().resolve("model.safetensors"));
            writeConfig(staged.path(), config, head);
            staged.commitInto(Set.of("config.json"));
        } catch (IOException e) {
            throw new CheckpointException(dir, "cannot write the model directory: " + dev.deberta4j.io.IoErrors.describe(e), e);
        }
    }

    public static void writeConfig(Path dir, DebertaConfig config, HeadType head) throws IOException {
        ObjectNode json = config.toJson();
        json.put("model_type", config.family.modelType());
        json.putArray("architectures").add(head.architecture(config.family));
        json.remove("num_labels");
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("config.json").toFile(), json);
    }

    /**
     * Copies the tokenizer files found in {@code from} (a tokenizer or model directory); at least one of
     * tokenizer.json, spm.model, sentencepiece.bpe.model or vocab.txt must be there.
     */
    public static void copyTokenizer(Path from, Path to) throws IOException {
        if (!Tokenizer.isTokenizerDirectory(from)) {
            throw new CheckpointException(from, "not a tokenizer directory: expected tokenizer.json, spm.model, "
                    + "sentencepiece.bpe.model or vocab.txt");
        }
        if (Files.isSameFile(from, to)) return;
        for (String name : TOKENIZER_FILES) {
            Path f = from.resolve(name);
            if (Files.isRegularFile(f)) Files.copy(f, to.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
