package dev.deberta4j.benchmark;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One task's entry in results.json.
 *
 * @param score          the main number: the test score ({@code metric}) of the final checkpoint, or of the model
 *                       as given (eval-only); null when nothing was scored
 * @param last           the final checkpoint's dev and test metrics
 * @param bestOnDev      the checkpoint with the best dev score, scored on test (null without a dev split)
 * @param bestOnTest     the best test score of any checkpoint: what the original recipes report, optimistic
 * @param settings       the recipe values the task ran with (a rerun into the same output must match them)
 * @param seconds        wall-clock seconds of the session that finished the task
 * @param message        why nothing was scored (no training data, an error), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskResult(@JsonProperty("task") String task,
                         @JsonProperty("status") TaskStatus status,
                         @JsonProperty("metric") String metric,
                         @JsonProperty("score") Double score,
                         @JsonProperty("final") CheckpointScore last,
                         @JsonProperty("best_on_dev") CheckpointScore bestOnDev,
                         @JsonProperty("best_on_test") CheckpointScore bestOnTest,
                         @JsonProperty("train_examples") Integer trainExamples,
                         @JsonProperty("dropped_train_examples") Integer droppedTrainExamples,
                         @JsonProperty("dev_examples") Integer devExamples,
                         @JsonProperty("test_examples") Integer testExamples,
                         @JsonProperty("settings") JsonNode settings,
                         @JsonProperty("seconds") Double seconds,
                         @JsonProperty("message") String message) {

    /** A task that could not be scored (no training data, an error). */
    public static TaskResult unscored(BenchmarkTask task, TaskStatus status, JsonNode settings, String message) {
        return new TaskResult(task.cliName(), status, task.metric(), null, null, null, null, null, null, null, null,
                settings, null, message);
    }
}
