package dev.deberta4j.testing;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.io.InMemoryTensorSource;
import dev.deberta4j.io.SafetensorsWriter;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.ModelShapes;
import dev.deberta4j.model.WeightInitializer;
import dev.deberta4j.tokenizer.Tokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Tiny model directories as a user would have them, for the tests of every module (core's test-jar): config.json
 * (a DeBERTa-V3 of hidden 32, 2 layers, 2 heads, FFN 64, with the tokenizer's vocabulary, the head's architecture
 * and labels), model.safetensors with transformers-style random weights (optionally edited to force an outcome)
 * and the tokenizer's files.
 */
public final class ModelFixtures {
    /** The ko-unigram-8k tokenizer (the bundled NSMC model's), by a path that works from every module's directory. */
    public static final Path UNIGRAM = Path.of("../deberta4j-core/src/test/resources/tokenizers/ko-unigram-8k");

    private ModelFixtures() {
    }

    /**
     * A tiny DeBERTa-V3 in {@code parent}/(the head's CLI name) on ko-unigram-8k: 64 positions, 32 buckets, seed 7.
     *
     * @param labels id2label in id order (none: the head's default)
     */
    public static Path tiny(Path parent, HeadType head, String... labels) {
        return write(parent.resolve(head.cliName()), UNIGRAM, head, labels.length == 0 ? null : labels,
                Map.of("max_position_embeddings", 64, "position_buckets", 32), 7, w -> { });
    }

    /**
     * @param labels  id2label in id order (null: none; ignored for masked LM / base)
     * @param config  extra config.json fields (e.g. problem_type, max_position_embeddings)
     * @param weights edits to the initialised weights (by checkpoint name) before they are written
     */
    public static Path write(Path dir, Path tokenizerDir, HeadType head, String[] labels, Map<String, Object> config,
                             long seed, Consumer<InMemoryTensorSource> weights) {
        Map<String, Object> fields = new HashMap<>(config);
        fields.put("vocab_size", Tokenizer.load(tokenizerDir).vocabSize());
        fields.put("architectures", List.of(head.architecture()));
        if (labels != null) {
            Map<String, String> id2label = new LinkedHashMap<>();
            Map<String, Integer> label2id = new LinkedHashMap<>();
            for (int i = 0; i < labels.length; i++) {
                id2label.put(Integer.toString(i), labels[i]);
                label2id.put(labels[i], i);
            }
            fields.put("id2label", id2label);
            fields.put("label2id", label2id);
        }
        DebertaConfig c = ModelShapes.v3(32, 2, 2, 64).with(fields);
        InMemoryTensorSource source = WeightInitializer.initialise(c, head, seed);
        weights.accept(source);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("config.json"), c.toJsonString());
            SafetensorsWriter writer = new SafetensorsWriter().metadata("format", "pt");
            for (String name : source.names()) writer.addF32(name, source.readFloats(name), source.info(name).shape());
            writer.write(dir.resolve("model.safetensors"));
            try (Stream<Path> files = Files.list(tokenizerDir)) {
                for (Path f : files.toList()) {
                    String n = f.getFileName().toString();
                    if (n.endsWith(".json") && !n.startsWith("tokenizer.legacy") || n.equals("spm.model")) {
                        Files.copy(f, dir.resolve(n), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** Replaces a weight with zeros and a bias with the given values: every position gets exactly these logits. */
    public static Consumer<InMemoryTensorSource> constantLogits(String layer, float... bias) {
        return w -> {
            long[] shape = w.info(layer + ".weight").shape();
            w.putFloats(layer + ".weight", new float[Math.toIntExact(shape[0] * shape[1])], shape);
            w.putFloats(layer + ".bias", bias, bias.length);
        };
    }
}
