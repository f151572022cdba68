package dev.deberta4j.finetune;

/**
 * The knobs of a fine-tuning run beyond the data.
 *
 * @param epochs         passes over the training data
 * @param batchSize      examples per step
 * @param learningRate   peak learning rate (linear warmup, then linear decay to 0)
 * @param warmupRatio    fraction of the steps spent warming up
 * @param weightDecay    AdamW decay (not applied to biases and LayerNorm weights)
 * @param maxLength      tokens per example (special tokens included; longer ones truncated)
 * @param seed           seeds the fresh head, dropout and the data order
 * @param evalSteps      evaluate every this many steps; 0: at the end of every epoch
 * @param saveSteps      also write the resumable checkpoint every this many steps; 0: only at evaluations
 * @param evalBatchSize  examples per evaluation forward pass
 * @param maxGradNorm    global gradient-norm clip (0: off)
 * @param adamEpsilon    AdamW's epsilon (torch's and the Korean recipes' default: 1e-8)
 */
public record FineTuneOptions(int epochs, int batchSize, double learningRate, double warmupRatio, double weightDecay,
                              int maxLength, long seed, int evalSteps, int saveSteps, int evalBatchSize,
                              double maxGradNorm, double adamEpsilon) {
    public static final double DEFAULT_ADAM_EPSILON = 1e-8;

    /** With AdamW's default epsilon (1e-8). */
    public FineTuneOptions(int epochs, int batchSize, double learningRate, double warmupRatio, double weightDecay,
                           int maxLength, long seed, int evalSteps, int saveSteps, int evalBatchSize,
                           double maxGradNorm) {
        this(epochs, batchSize, learningRate, warmupRatio, weightDecay, maxLength, seed, evalSteps, saveSteps,
                evalBatchSize, maxGradNorm, DEFAULT_ADAM_EPSILON);
    }

    public FineTuneOptions {
        if (!(adamEpsilon > 0)) throw new IllegalArgumentException("AdamW epsilon must be > 0, found " + adamEpsilon);
        if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be > 0, found " + learningRate);
        if (!(warmupRatio >= 0 && warmupRatio <= 1)) {
            throw new IllegalArgumentException("warmup ratio must be in [0, 1], found " + warmupRatio);
        }
        if (!(weightDecay >= 0)) throw new IllegalArgumentException("weight decay must be >= 0, found " + weightDecay);
        if (evalSteps < 0 || saveSteps < 0) {
            throw new IllegalArgumentException("eval and save steps must be >= 0, found " + evalSteps + ", " + saveSteps);
        }
    }
}
