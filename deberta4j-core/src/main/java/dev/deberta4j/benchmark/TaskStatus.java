package dev.deberta4j.benchmark;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a task of a benchmark run ended. */
public enum TaskStatus {
    /** Fine-tuned and scored. */
    TRAINED("trained"),
    /** The model was scored as given (--eval-only). */
    EVALUATED("evaluated"),
    /** The training file is absent from the data directory; nothing was trained. */
    NO_TRAINING_DATA("no_training_data"),
    /** An error stopped the task (bad data, a diverged run); the message says which. */
    FAILED("failed");

    private final String json;

    TaskStatus(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }

    /** Whether a rerun can keep this result instead of running the task again. */
    public boolean isFinished() {
        return this == TRAINED || this == EVALUATED;
    }
}
