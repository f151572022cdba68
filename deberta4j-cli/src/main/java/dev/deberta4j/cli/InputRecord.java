package dev.deberta4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One input of a pipeline command: a text argument, a plain line of a file (the text itself), or a JSONL line (an
 * object with named string fields such as {@code text}, {@code text_pair}, {@code question}, {@code context}).
 *
 * @param where "FILE:LINE" or "argument N", for messages
 */
record InputRecord(String where, String text, JsonNode json) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static InputRecord ofText(int index, String text) {
        return new InputRecord("argument " + (index + 1), text, null);
    }

    /** A required string field; a plain line has only {@code text}. */
    String field(String name) {
        String value = optionalField(name);
        if (value == null) {
            throw new IllegalArgumentException(where + ": missing string field \"" + name + "\""
                    + (json == null ? " (a plain line is one text; use JSONL objects for other fields)" : ""));
        }
        return value;
    }

    /** A string field, or null when absent. */
    String optionalField(String name) {
        if (json == null) return name.equals("text") ? text : null;
        JsonNode v = json.get(name);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw new IllegalArgumentException(where + ": field \"" + name + "\" must be a string, found " + v);
        return v.asText();
    }

    /** Lines of a UTF-8 file: lines starting with '{' are JSON objects, other non-blank lines are texts. */
    static List<InputRecord> readFile(Path file) {
        List<InputRecord> out = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) continue;
                String where = file + ":" + lineNo;
                if (line.stripLeading().startsWith("{")) {
                    JsonNode node;
                    try {
                        node = JSON.readTree(line);
                    } catch (IOException e) {
                        throw new IllegalArgumentException(where + ": not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
                    }
                    out.add(new InputRecord(where, null, node));
                } else {
                    out.add(new InputRecord(where, line, null));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (out.isEmpty()) throw new IllegalArgumentException(file + ": no input lines");
        return out;
    }
}
