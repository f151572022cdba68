package dev.deberta4j.pipeline;

/**
 * How a pipeline feeds its model.
 *
 * @param batchSize    texts (or QA windows) per forward pass
 * @param sortByLength group texts of similar length into the same micro-batch (less padding); results keep the
 *                     input order either way
 * @param truncate     cut inputs longer than the model accepts instead of rejecting them with
 *                     {@link InputTooLongException} (question answering splits long contexts and ignores this)
 */
public record PipelineOptions(int batchSize, boolean sortByLength, boolean truncate) {
    public PipelineOptions {
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }

    /** Micro-batches of 32, length-sorted, no truncation. */
    public static PipelineOptions defaults() {
        return new PipelineOptions(32, true, false);
    }

    public PipelineOptions withBatchSize(int size) {
        return new PipelineOptions(size, sortByLength, truncate);
    }

    public PipelineOptions withSortByLength(boolean sort) {
        return new PipelineOptions(batchSize, sort, truncate);
    }

    public PipelineOptions withTruncate(boolean cut) {
        return new PipelineOptions(batchSize, sortByLength, cut);
    }
}
