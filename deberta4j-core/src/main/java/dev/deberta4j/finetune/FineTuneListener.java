package dev.deberta4j.finetune;

import dev.deberta4j.train.StepResult;

import java.nio.file.Path;
import java.util.Map;

/** What a {@link FineTuning} run reports as it goes (progress bars, logs). Every method has a no-op default. */
public interface FineTuneListener {
    default void started(long firstStep, long totalSteps) {
    }

    default void stepped(StepResult step) {
    }

    default void evaluating(long step, int examples) {
    }

    default void evaluated(long step, int epoch, Map<String, Double> metrics, boolean best) {
    }

    /** The resumable checkpoint of {@code step} was written (the CLI redraws its training curves then). */
    default void saved(long step, Path checkpoint) {
    }

    /** A further split was scored (see {@link FineTuning#alsoEvaluate}); it never selects the kept model. */
    default void scored(long step, int epoch, String split, Map<String, Double> metrics) {
    }
}
