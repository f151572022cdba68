package dev.deberta4j.train;

/**
 * Where a training run stands; with the weights and optimizer state it is everything a resumed run needs.
 *
 * @param globalStep   optimizer steps taken
 * @param epoch        the current epoch (0-based)
 * @param batchInEpoch the next batch of the epoch's permutation
 * @param modelPasses  forward passes run so far (the position of the dropout randomness)
 */
public record TrainingPosition(long globalStep, int epoch, int batchInEpoch, long modelPasses) {
}
