package dev.deberta4j.finetune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * {@code training_columns.json} in a fine-tuned model directory: the task and the data columns it was trained on,
 * so that evaluating it on data of the same shape needs no column options.
 */
public record TrainingColumns(TextTask task, TaskColumns columns) {
    public static final String FILE = "training_columns.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Writes the file into {@code dir} atomically (temp file + rename). */
    public void write(Path dir) {
        ObjectNode json = JSON.createObjectNode();
        json.put("task", task.cliName());
        json.put("text_column", columns.text());
        if (columns.pair() != null) json.put("text_pair_column", columns.pair());
        json.put("label_column", columns.label());
        try {
            Files.createDirectories(dir);
            Path temp = dir.resolve("." + FILE + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), json);
            Files.move(temp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(FILE) + ": "
                    + dev.deberta4j.io.IoErrors.reason(e), e);
        }
    }

    /** The file of {@code dir}, or empty when there is none; a malformed file is an error naming the field. */
    public static Optional<TrainingColumns> read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) return Optional.empty();
        JsonNode json;
        try {
            json = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        return Optional.of(new TrainingColumns(TextTask.fromCliName(text(file, json, "task", true)),
                new TaskColumns(text(file, json, "text_column", true), text(file, json, "text_pair_column", false),
                        text(file, json, "label_column", true))));
    }

    private static String text(Path file, JsonNode json, String field, boolean required) {
        JsonNode v = json == null ? null : json.get(field);
        if (v == null || v.isNull()) {
            if (required) throw new IllegalArgumentException(file + ": missing string field \"" + field + "\"");
            return null;
        }
        if (!v.isTextual()) throw new IllegalArgumentException(file + ": field \"" + field + "\" must be a string, found " + v);
        return v.textValue();
    }
}
