package dev.deberta4j.train;

/**
 * One optimizer step.
 *
 * @param step         the step number (1-based)
 * @param epoch        the epoch it belongs to (0-based)
 * @param loss         the mean loss of its batches
 * @param learningRate the rate the update used
 * @param gradNorm     the global gradient norm before clipping
 */
public record StepResult(long step, int epoch, double loss, double learningRate, double gradNorm) {
}
