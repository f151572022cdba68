package dev.deberta4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deberta4j.data.Utf8Text;
import dev.deberta4j.io.IoErrors;

import java.io.IOException;
import java.io.UncheckedIOException;
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

    /** The --input value that means standard input. */
    static final String STDIN = "-";

    /**
     * Lines of a UTF-8 file ({@code -}: standard input). A file named {@code *.jsonl} / {@code *.ndjson}, or whose
     * first non-blank line starts with '{', is JSONL: every non-blank line must then be a JSON object. Otherwise
     * every non-blank line is one text. Invalid UTF-8 is an error naming the line.
     */
    static List<InputRecord> readFile(Path file) {
        boolean stdin = file.toString().equals(STDIN);
        String name = stdin ? "stdin" : file.toString();
        byte[] bytes;
        try {
            bytes = stdin ? System.in.readAllBytes() : Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + ": " + IoErrors.reason(e), e);
        }
        String text = Utf8Text.decode(name, bytes);
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        List<String> lines = text.lines().toList();
        String first = lines.stream().filter(l -> !l.isBlank()).findFirst().orElse("");
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        boolean jsonl = lower.endsWith(".jsonl") || lower.endsWith(".ndjson") || first.stripLeading().startsWith("{");
        List<InputRecord> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            String where = name + ":" + (i + 1);
            out.add(jsonl ? new InputRecord(where, null, jsonObject(where, line)) : new InputRecord(where, line, null));
        }
        if (out.isEmpty()) throw new IllegalArgumentException(name + ": no input lines");
        return out;
    }

    private static JsonNode jsonObject(String where, String line) {
        JsonNode node;
        try {
            node = PipelineCommand.Json.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + ": not valid JSON (a JSONL file has one JSON object per line): "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(where + ": expected a JSON object, found " + (node == null ? "nothing" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        return node;
    }
}
