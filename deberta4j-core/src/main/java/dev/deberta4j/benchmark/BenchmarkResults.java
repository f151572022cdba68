package dev.deberta4j.benchmark;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * results.json of a benchmark run: the model, the recipe and one {@link TaskResult} per task in the model card's
 * order. Rewritten after every task, so it doubles as the run's state: a rerun into the same output keeps the
 * finished tasks whose settings match.
 *
 * @param model the --model argument (a directory or a Hub repo id), the row label with the recipe
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BenchmarkResults(@JsonProperty("model") String model,
                               @JsonProperty("recipe") String recipe,
                               @JsonProperty("data_dir") String dataDir,
                               @JsonProperty("tasks") Map<String, TaskResult> tasks) {
    public static final String FILE = "results.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public BenchmarkResults {
        tasks = tasks == null ? Map.of() : Map.copyOf(tasks);
    }

    public static BenchmarkResults empty(String model, String recipe, Path dataDir) {
        return new BenchmarkResults(model, recipe, dataDir.toString(), Map.of());
    }

    /** Reads a results.json; an unreadable one is an error naming the file. */
    public static BenchmarkResults read(Path file) {
        try {
            return JSON.readValue(file.toFile(), BenchmarkResults.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not a benchmark results.json: " + e.getMessage(), e);
        }
    }

    /** The task's result, or null when the run has none. */
    public TaskResult task(BenchmarkTask task) {
        return tasks.get(task.cliName());
    }

    /** These results with the task's entry added or replaced. */
    public BenchmarkResults with(TaskResult result) {
        Map<String, TaskResult> m = new LinkedHashMap<>(tasks);
        m.put(result.task(), result);
        return new BenchmarkResults(model, recipe, dataDir, m);
    }

    /** The tasks in the model card's order (as written to results.json). */
    @Override
    @JsonProperty("tasks")
    public Map<String, TaskResult> tasks() {
        Map<String, TaskResult> ordered = new LinkedHashMap<>();
        for (BenchmarkTask t : BenchmarkTask.values()) {
            if (tasks.containsKey(t.cliName())) ordered.put(t.cliName(), tasks.get(t.cliName()));
        }
        return ordered;
    }

    /** The row label in the tables: the model and the recipe. */
    public String label() {
        return model + " (" + recipe + ")";
    }

    /** Writes {@code dir/results.json} atomically (a killed run leaves the previous version). */
    public void write(Path dir) {
        Path file = dir.resolve(FILE);
        Path tmp = dir.resolve(FILE + ".tmp");
        try {
            Files.createDirectories(dir);
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), this);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write: " + e.getMessage(), e);
        }
    }
}
