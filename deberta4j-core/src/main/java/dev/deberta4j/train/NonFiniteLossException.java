package dev.deberta4j.train;

/** Training stopped because a loss or the gradient norm was NaN or infinite; the weights were not updated. */
public final class NonFiniteLossException extends RuntimeException {
    private final long step;

    public NonFiniteLossException(long step, String what, double value) {
        super("training stopped at optimizer step " + step + ": " + what + " is " + value
                + "; the weights were not updated with it (lower the learning rate, check the data or labels)");
        this.step = step;
    }

    /** The optimizer step (1-based) that would have applied the non-finite value. */
    public long step() {
        return step;
    }
}
