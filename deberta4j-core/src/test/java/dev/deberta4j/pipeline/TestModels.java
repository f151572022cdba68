package dev.deberta4j.pipeline;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.io.InMemoryTensorSource;
import dev.deberta4j.io.SafetensorsWriter;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.ModelShapes;
import dev.deberta4j.model.WeightInitializer;
import dev.deberta4j.tokenizer.Tokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Small model directories as a user would have them: config.json (a tiny DeBERTa-V3 with the tokenizer's vocabulary,
 * the head's architecture and labels), model.safetensors with transformers-style random weights (optionally edited
 * to force an outcome) and the tokenizer files.
 */
final class TestModels {
    static final String UNIGRAM = "ko-unigram-8k";
    static final String WORDPIECE = "koelectra-v1-wordpiece";

    private TestModels() {
    }

    static Path tokenizerDir(String name) {
        try {
            return Path.of(TestModels.class.getResource("/tokenizers/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Tokenizer tokenizer(String name) {
        return Tokenizer.load(tokenizerDir(name));
    }

    /**
     * @param labels  id2label in id order (ignored for masked LM / base)
     * @param config  extra config.json fields (e.g. problem_type, max_position_embeddings)
     * @param weights edits to the initialised weights (by checkpoint name) before they are written
     */
    static Path write(Path dir, String tokenizer, HeadType head, String[] labels, Map<String, Object> config,
                      long seed, Consumer<InMemoryTensorSource> weights) {
        Map<String, Object> fields = new HashMap<>(config);
        fields.put("vocab_size", tokenizer(tokenizer).vocabSize());
        fields.put("architectures", java.util.List.of(head.architecture()));
        if (labels != null) {
            Map<String, String> id2label = new java.util.LinkedHashMap<>();
            Map<String, Integer> label2id = new java.util.LinkedHashMap<>();
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
            try (Stream<Path> files = Files.list(tokenizerDir(tokenizer))) {
                for (Path f : files.toList()) {
                    String n = f.getFileName().toString();
                    if (n.endsWith(".json") && !n.startsWith("tokenizer.legacy") || n.equals("spm.model")) {
                        Files.copy(f, dir.resolve(n), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    static Path write(Path dir, String tokenizer, HeadType head, String... labels) {
        return write(dir, tokenizer, head, labels.length == 0 ? null : labels, Map.of(), 7, w -> { });
    }

    /** Replaces a weight with zeros and a bias with the given values: every position gets exactly these logits. */
    static Consumer<InMemoryTensorSource> constantLogits(String layer, float... bias) {
        return w -> {
            long[] shape = w.info(layer + ".weight").shape();
            w.putFloats(layer + ".weight", new float[Math.toIntExact(shape[0] * shape[1])], shape);
            w.putFloats(layer + ".bias", bias, bias.length);
        };
    }
}
