package dev.deberta4j.train;

/**
 * How a {@link Trainer} walks the data.
 *
 * @param epochs                    passes over the data
 * @param batchSize                 examples per forward/backward pass (the last batch of an epoch may be smaller)
 * @param gradientAccumulationSteps passes whose gradients are summed (each loss scaled by 1/passes) per update;
 *                                  an epoch's last update may take fewer
 * @param maxGradNorm               clip the global gradient norm to this before each update; 0 turns clipping off
 * @param seed                      seeds the shuffling of the examples, one permutation per epoch
 * @param shuffle                   false keeps the data order
 */
public record TrainerOptions(int epochs, int batchSize, int gradientAccumulationSteps, double maxGradNorm, long seed,
                             boolean shuffle) {
    public TrainerOptions {
        if (epochs < 1 || batchSize < 1 || gradientAccumulationSteps < 1) {
            throw new IllegalArgumentException("epochs, batch size and gradient accumulation steps must be >= 1, found "
                    + epochs + ", " + batchSize + ", " + gradientAccumulationSteps);
        }
        if (!(maxGradNorm >= 0)) throw new IllegalArgumentException("max grad norm must be >= 0, found " + maxGradNorm);
    }

    /** Hugging Face Trainer's defaults for the rest: max_grad_norm 1.0, no accumulation, shuffled. */
    public static TrainerOptions of(int epochs, int batchSize, long seed) {
        return new TrainerOptions(epochs, batchSize, 1, 1.0, seed, true);
    }

    public int batchesPerEpoch(int examples) {
        return (examples + batchSize - 1) / batchSize;
    }

    public long stepsPerEpoch(int examples) {
        return (batchesPerEpoch(examples) + gradientAccumulationSteps - 1) / gradientAccumulationSteps;
    }

    public long totalSteps(int examples) {
        return epochs * stepsPerEpoch(examples);
    }
}
