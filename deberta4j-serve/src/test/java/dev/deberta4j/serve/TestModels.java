package dev.deberta4j.serve;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.io.InMemoryTensorSource;
import dev.deberta4j.io.SafetensorsWriter;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.ModelShapes;
import dev.deberta4j.model.WeightInitializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The models the server tests run: the bundled Korean sentiment model, and tiny random ones for the other heads. */
final class TestModels {
    /** DebertaV2ForSequenceClassification, labels negative/positive, max 512 tokens. */
    static final Path NSMC = Path.of("../models/nsmc-sentiment-small");
    private static final Path UNIGRAM = Path.of("../deberta4j-core/src/test/resources/tokenizers/ko-unigram-8k");

    private TestModels() {
    }

    /**
     * A tiny model of another family ({@code bert}, {@code electra}: hidden 32, 2 layers, 64 positions; ELECTRA with
     * embedding_size 16) on the ko-unigram-8k tokenizer with random weights, written as a user's directory.
     */
    static Path tinyFamily(Path parent, String modelType, HeadType head, String... labels) {
        com.fasterxml.jackson.databind.node.ObjectNode c = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        c.put("model_type", modelType).put("vocab_size", 8000).put("hidden_size", 32).put("num_hidden_layers", 2)
                .put("num_attention_heads", 2).put("intermediate_size", 64).put("max_position_embeddings", 64);
        if (modelType.equals("electra")) c.put("embedding_size", 16);
        if (labels.length > 0) {
            com.fasterxml.jackson.databind.node.ObjectNode id2label = c.putObject("id2label");
            for (int i = 0; i < labels.length; i++) id2label.put(Integer.toString(i), labels[i]);
        }
        DebertaConfig config = DebertaConfig.fromJson(c);
        Path dir = parent.resolve(modelType + "-" + head.cliName());
        dev.deberta4j.finetune.ModelDirectory.write(dir, config, head, WeightInitializer.initialise(config, head, 7), UNIGRAM);
        return dir;
    }

    /** A tiny DeBERTa-V3 (hidden 32, 2 layers, 64 positions) on the ko-unigram-8k tokenizer with random weights. */
    static Path tiny(Path parent, HeadType head, String... labels) {
        try {
            Path dir = parent.resolve(head.cliName());
            Files.createDirectories(dir);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("vocab_size", 8000);
            fields.put("max_position_embeddings", 64);
            fields.put("position_buckets", 32);
            fields.put("architectures", List.of(head.architecture()));
            if (labels.length > 0) {
                Map<String, String> id2label = new LinkedHashMap<>();
                for (int i = 0; i < labels.length; i++) id2label.put(Integer.toString(i), labels[i]);
                fields.put("id2label", id2label);
                fields.put("label2id", Map.of());
            }
            DebertaConfig c = ModelShapes.v3(32, 2, 2, 64).with(fields);
            InMemoryTensorSource w = WeightInitializer.initialise(c, head, 7);
            SafetensorsWriter writer = new SafetensorsWriter().metadata("format", "pt");
            for (String n : w.names()) writer.addF32(n, w.readFloats(n), w.info(n).shape());
            writer.write(dir.resolve("model.safetensors"));
            Files.writeString(dir.resolve("config.json"), c.toJsonString());
            for (String f : List.of("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json")) {
                Files.copy(UNIGRAM.resolve(f), dir.resolve(f));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
