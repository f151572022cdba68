package dev.deberta4j.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads {@code model.continuing_subword_prefix} from a directory's tokenizer.json. */
final class SubwordPrefix {
    private SubwordPrefix() {
    }

    /** The prefix, or null when there is no tokenizer.json (spm.model) or its model has no prefix. */
    static String read(Path dir) {
        Path file = dir.resolve("tokenizer.json");
        if (!Files.isRegularFile(file)) return null;
        try {
            JsonNode prefix = new ObjectMapper().readTree(file.toFile()).path("model").path("continuing_subword_prefix");
            return prefix.isTextual() && !prefix.asText().isEmpty() ? prefix.asText() : null;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the tokenizer model: " + e.getMessage(), e);
        }
    }
}
