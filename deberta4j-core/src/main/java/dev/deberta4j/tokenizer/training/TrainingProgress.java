package dev.deberta4j.tokenizer.training;

/** Hears a trainer's phases (counting words, seeding, EM rounds, merges), each with a total of some unit. */
public interface TrainingProgress {
    /** A phase begins; {@code total} units of {@code unit} (e.g. " B", " merges") are expected. */
    void phase(String name, long total, String unit);

    /** {@code done} units of the current phase are complete (monotone). */
    void advance(long done);

    /** A line worth showing (sizes, objective, pruning). */
    default void note(String line) { }

    /** Silence. */
    TrainingProgress NONE = new TrainingProgress() {
        @Override public void phase(String name, long total, String unit) { }

        @Override public void advance(long done) { }
    };
}
