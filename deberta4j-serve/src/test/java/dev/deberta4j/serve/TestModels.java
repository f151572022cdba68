package dev.deberta4j.serve;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.WeightInitializer;
import dev.deberta4j.testing.ModelFixtures;

import java.nio.file.Path;

/**
 * The models the server tests run: the bundled Korean sentiment model, and tiny random ones of other families
 * (tiny DeBERTa-V3s: {@link ModelFixtures}).
 */
final class TestModels {
    /** DebertaV2ForSequenceClassification, hidden 256, labels negative/positive, max 512 tokens. */
    static final Path NSMC = Path.of("../models/ko-deberta-v3-h256l6-nsmc");

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
        dev.deberta4j.finetune.ModelDirectory.write(dir, config, head, WeightInitializer.initialise(config, head, 7),
                ModelFixtures.UNIGRAM);
        return dir;
    }
}
