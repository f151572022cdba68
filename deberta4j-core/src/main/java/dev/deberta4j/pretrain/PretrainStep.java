package dev.deberta4j.pretrain;

/**
 * One optimizer step of pre-training, its passes merged: losses are the mean over the passes, RTD precision and
 * recall are over all their tokens.
 *
 * @param step             the step number (1-based)
 * @param epoch            the epoch of the step's first sequence (0-based)
 * @param loss             MLM + λ·RTD
 * @param replacedFraction masked positions whose sampled token differs from the original
 * @param gradNorm         the global gradient norm before clipping
 * @param tokens           token positions processed so far, this step included
 */
public record PretrainStep(long step, long epoch, double loss, double mlmLoss, double rtdLoss, double rtdPrecision,
                           double rtdRecall, double replacedFraction, double learningRate, double gradNorm,
                           long tokens) {
}
