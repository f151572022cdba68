package dev.deberta4j.pretrain;

/**
 * How a {@link Pretraining} run trains.
 *
 * @param batchSize          sequences per forward/backward pass
 * @param gradAccum          passes whose gradients are averaged per optimizer step
 * @param learningRate       peak learning rate (linear warmup from 0, then linear decay to 0 at maxSteps)
 * @param warmupSteps        optimizer steps of warmup
 * @param maxSteps           optimizer steps of the run
 * @param weightDecay        AdamW weight decay (not on biases and LayerNorm weights, Hugging Face's rule)
 * @param adamBeta1          AdamW β1
 * @param adamBeta2          AdamW β2 (DeBERTa: 0.98)
 * @param adamEpsilon        AdamW ε (DeBERTa: 1e-6)
 * @param maxGradNorm        global gradient-norm clipping; 0 turns it off
 * @param seed               seeds data order, masking, sampling, dropout and fresh weights
 * @param saveSteps          write the resumable checkpoint every N steps (0: only at the end)
 * @param maskProbability    selected fraction of maskable tokens (0.15)
 * @param maskReplacement    what a selected token becomes
 * @param samplingTemperature the generator's softmax temperature for the replacements
 */
public record PretrainOptions(int batchSize, int gradAccum, double learningRate, long warmupSteps, long maxSteps,
                              double weightDecay, double adamBeta1, double adamBeta2, double adamEpsilon,
                              double maxGradNorm, long seed, long saveSteps, double maskProbability,
                              MaskingPolicy.Replacement maskReplacement, double samplingTemperature) {
    public PretrainOptions {
        if (batchSize < 1) throw new IllegalArgumentException("--batch-size must be >= 1, found " + batchSize);
        if (gradAccum < 1) throw new IllegalArgumentException("--grad-accum must be >= 1, found " + gradAccum);
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("--lr must be a positive number, found " + learningRate);
        }
        if (maxSteps < 1) throw new IllegalArgumentException("the run needs at least one step, found " + maxSteps);
        if (warmupSteps < 0 || warmupSteps > maxSteps) {
            throw new IllegalArgumentException("--warmup-steps must be in [0, " + maxSteps + "] (the run's steps), found "
                    + warmupSteps);
        }
        if (!(maxGradNorm >= 0)) throw new IllegalArgumentException("--max-grad-norm must be >= 0, found " + maxGradNorm);
        if (saveSteps < 0) throw new IllegalArgumentException("--save-steps must be >= 0, found " + saveSteps);
        if (!(samplingTemperature > 0) || Double.isInfinite(samplingTemperature)) {
            throw new IllegalArgumentException("--sampling-temperature must be a positive number, found "
                    + samplingTemperature);
        }
    }

    /** Sequences per optimizer step. */
    public long sequencesPerStep() {
        return (long) batchSize * gradAccum;
    }

    /** Optimizer steps that process at least {@code tokens} token positions of {@code seqLength}-token sequences. */
    public static long stepsForTokens(long tokens, int batchSize, int gradAccum, int seqLength) {
        long perStep = (long) batchSize * gradAccum * seqLength;
        return Math.max(1, (tokens + perStep - 1) / perStep);
    }
}
