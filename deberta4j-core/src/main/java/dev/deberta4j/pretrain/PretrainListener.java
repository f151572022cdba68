package dev.deberta4j.pretrain;

import java.nio.file.Path;

/** What a {@link Pretraining} run reports as it goes (progress bar, logs). Every method has a no-op default. */
public interface PretrainListener {
    /** Training starts at {@code firstStep} (0, or the resumed checkpoint's step) of {@code totalSteps}. */
    default void started(long firstStep, long totalSteps, long tokensPerStep) {
    }

    default void stepped(PretrainStep step) {
    }

    default void saved(long step, Path checkpoint) {
    }

    default void exported(Path output) {
    }
}
