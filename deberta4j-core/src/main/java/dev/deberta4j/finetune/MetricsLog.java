package dev.deberta4j.finetune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deberta4j.train.StepResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * metrics.jsonl of a run: one {@code {"type":"train","step",..,"loss",..}} line per step and one
 * {@code {"type":"eval","step",..,"accuracy",..}} line per evaluation (with {@code "split": name} when the
 * run scores several splits), appended and flushed as they happen.
 */
public final class MetricsLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    public MetricsLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Starts a fresh log, or (resuming) keeps only the lines up to the checkpoint's step. */
    public void startAt(long step) {
        try {
            List<String> kept = new ArrayList<>();
            if (step > 0 && Files.exists(file)) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (line.isBlank()) continue;
                    JsonNode n;
                    try {
                        n = JSON.readTree(line);
                    } catch (IOException e) {
                        // A process killed mid-append leaves a torn last line: it is past the checkpoint anyway.
                        if (i == lines.size() - 1) break;
                        throw e;
                    }
                    if (n.path("step").asLong() <= step) kept.add(line);
                }
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, kept, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot start the metrics log: " + e.getMessage(), e);
        }
    }

    public void train(StepResult s) {
        ObjectNode o = JSON.createObjectNode().put("type", "train").put("step", s.step()).put("epoch", s.epoch())
                .put("loss", s.loss()).put("learning_rate", s.learningRate()).put("grad_norm", s.gradNorm());
        append(o);
    }

    /** A training line with named values (pre-training logs its losses and RTD statistics this way). */
    public void train(long step, long epoch, Map<String, ? extends Number> values) {
        ObjectNode o = JSON.createObjectNode().put("type", "train").put("step", step).put("epoch", epoch);
        values.forEach((k, v) -> {
            if (v instanceof Long || v instanceof Integer) o.put(k, v.longValue()); else o.put(k, v.doubleValue());
        });
        append(o);
    }

    public void eval(long step, int epoch, Map<String, Double> metrics) {
        eval(step, epoch, null, metrics);
    }

    /** An evaluation line of a named split ({@code "split": name}; no split field when null). */
    public void eval(long step, int epoch, String split, Map<String, Double> metrics) {
        ObjectNode o = JSON.createObjectNode().put("type", "eval").put("step", step).put("epoch", epoch);
        if (split != null) o.put("split", split);
        metrics.forEach(o::put);
        append(o);
    }

    /** The split an evaluation line scored (null when unnamed). */
    public static String split(JsonNode line) {
        return line.hasNonNull("split") ? line.get("split").asText() : null;
    }

    /** True for an evaluation line of the given split (null: the unnamed one). */
    public static boolean isEval(JsonNode line, String split) {
        return "eval".equals(line.path("type").asText()) && java.util.Objects.equals(split(line), split);
    }

    /** Every line read back (for plots and for the best score of a resumed run). */
    public List<JsonNode> read() {
        try {
            List<JsonNode> out = new ArrayList<>();
            if (!Files.exists(file)) return out;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) out.add(JSON.readTree(line));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the metrics log: " + e.getMessage(), e);
        }
    }

    private void append(ObjectNode o) {
        try {
            Files.writeString(file, JSON.writeValueAsString(o) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot append to the metrics log: " + e.getMessage(), e);
        }
    }
}
