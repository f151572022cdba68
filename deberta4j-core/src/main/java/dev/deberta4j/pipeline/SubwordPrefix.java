package dev.deberta4j.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads {@code model.continuing_subword_prefix} from a directory's tokenizer.json; a vocab.txt-only BERT directory
 * has BertConverter's {@code ##}.
 */
final class SubwordPrefix {
    private SubwordPrefix() {
    }

    /** The prefix, or null for a SentencePiece tokenizer or a tokenizer.json whose model has no prefix. */
    static String read(Path dir) {
        Path file = dir.resolve("tokenizer.json");
        if (!Files.isRegularFile(file)) {
            boolean vocabTxtOnly = Files.isRegularFile(dir.resolve("vocab.txt"))
                    && !Files.isRegularFile(dir.resolve("spm.model"))
                    && !Files.isRegularFile(dir.resolve("sentencepiece.bpe.model"));
            return vocabTxtOnly ? "##" : null;
        }
        try {
            JsonNode prefix = new ObjectMapper().readTree(file.toFile()).path("model").path("continuing_subword_prefix");
            return prefix.isTextual() && !prefix.asText().isEmpty() ? prefix.asText() : null;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the tokenizer model: " + e.getMessage(), e);
        }
    }
}
