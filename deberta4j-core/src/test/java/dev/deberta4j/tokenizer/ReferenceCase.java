package dev.deberta4j.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One line of a reference.jsonl produced by Hugging Face tokenizers (see src/test/resources/tokenizers). */
record ReferenceCase(String id, String text, String pair, JsonNode expected) {
    static final Path ROOT = Path.of("src/test/resources/tokenizers");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static List<ReferenceCase> load(String tokenizer) {
        List<ReferenceCase> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(ROOT.resolve(tokenizer).resolve("reference.jsonl"))) {
                if (line.isBlank()) continue;
                JsonNode n = MAPPER.readTree(line);
                out.add(new ReferenceCase(n.get("id").asText(), n.get("text").asText(),
                        n.has("text_pair") && !n.get("text_pair").isNull() ? n.get("text_pair").asText() : null, n));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Override public String toString() { return id; }

    static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).isNull() ? -1 : array.get(i).asInt();
        return out;
    }

    static String[] strings(JsonNode array) {
        String[] out = new String[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).asText();
        return out;
    }

    static int[] offsets(JsonNode array) {
        int[] out = new int[array.size() * 2];
        for (int i = 0; i < array.size(); i++) {
            out[2 * i] = array.get(i).get(0).asInt();
            out[2 * i + 1] = array.get(i).get(1).asInt();
        }
        return out;
    }
}
