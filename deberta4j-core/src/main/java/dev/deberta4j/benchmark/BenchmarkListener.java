package dev.deberta4j.benchmark;

import dev.deberta4j.finetune.FineTuneListener;
import dev.deberta4j.finetune.MetricsLog;

import java.nio.file.Path;

/** What a {@link BenchmarkRunner} reports as it goes (progress bars, plots). Every method has a no-op default. */
public interface BenchmarkListener {
    /** A finished task of an earlier session was kept (same settings). */
    default void reused(BenchmarkTask task, TaskResult result) {
    }

    /**
     * Fine-tuning of a task starts (or resumes from its checkpoint) in {@code taskDir}, logging to {@code log}; the
     * returned listener follows its steps.
     */
    default FineTuneListener trainingStarted(BenchmarkTask task, Recipe recipe, TaskData data, boolean resumed,
                                             Path taskDir, MetricsLog log) {
        return new FineTuneListener() { };
    }

    /** Fine-tuning of a task stopped, finished or not; its metrics log is complete up to here. */
    default void trainingEnded(BenchmarkTask task, Path taskDir, MetricsLog log) {
    }

    default void finished(BenchmarkTask task, TaskResult result) {
    }
}
