package dev.deberta4j.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
            // A tokenizer.json that never names the field has none: a Unigram one (the bundled model's) is not
            // parsed a second time here, a cold start's largest parse. The tokenizers library writes names unescaped.
            byte[] json = Files.readAllBytes(file);
            if (!new String(json, StandardCharsets.ISO_8859_1).contains("\"continuing_subword_prefix\"")) return null;
            JsonNode prefix = new ObjectMapper().readTree(json).path("model").path("continuing_subword_prefix");
            return prefix.isTextual() && !prefix.asText().isEmpty() ? prefix.asText() : null;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the tokenizer model: " + e.getMessage(), e);
        }
    }
}
