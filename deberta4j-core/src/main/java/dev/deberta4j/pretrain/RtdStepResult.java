package dev.deberta4j.pretrain;

/**
 * What one replaced-token-detection pass measured (before any loss scaling for gradient accumulation).
 *
 * @param mlmLoss        the generator's cross-entropy, mean over the masked positions
 * @param rtdLoss        the discriminator's BCE-with-logits, mean over the non-pad tokens
 * @param totalLoss      mlmLoss + rtdWeight · rtdLoss
 * @param truePositives  non-pad tokens predicted replaced (logit > 0) that were replaced
 * @param falsePositives non-pad tokens predicted replaced that were not
 * @param falseNegatives replaced tokens predicted original
 * @param masked         masked positions
 * @param replaced       masked positions whose sampled token differs from the original
 * @param tokens         non-pad tokens
 */
public record RtdStepResult(double mlmLoss, double rtdLoss, double totalLoss, long truePositives,
                            long falsePositives, long falseNegatives, long masked, long replaced, long tokens) {

    /** Replaced tokens among the masked ones (a sample equal to the original is not a replacement). */
    public double replacedFraction() {
        return masked == 0 ? 0 : (double) replaced / masked;
    }

    /** RTD precision on replaced tokens; 0 when nothing was predicted replaced. */
    public double precision() {
        long predicted = truePositives + falsePositives;
        return predicted == 0 ? 0 : (double) truePositives / predicted;
    }

    /** RTD recall on replaced tokens; 0 when nothing was replaced. */
    public double recall() {
        long actual = truePositives + falseNegatives;
        return actual == 0 ? 0 : (double) truePositives / actual;
    }
}
