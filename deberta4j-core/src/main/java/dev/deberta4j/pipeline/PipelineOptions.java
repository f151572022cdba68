package dev.deberta4j.pipeline;

/**
 * How a pipeline feeds its model.
 *
 * @param batchSize    texts (or QA windows) per forward pass, at most
 * @param sortByLength group texts of similar length into the same micro-batch (less padding); results keep the
 *                     input order either way
 * @param truncate     cut inputs longer than the model accepts instead of rejecting them with
 *                     {@link InputTooLongException} (question answering splits long contexts and ignores this)
 * @param batchTokens  a budget of padded tokens per forward pass (rows x longest row), 0 for none: a micro-batch
 *                     closes when the next text would exceed it or {@code batchSize} is reached, so batches of short
 *                     texts hold more rows than batches of long ones; a text longer than the budget runs alone
 */
public record PipelineOptions(int batchSize, boolean sortByLength, boolean truncate, int batchTokens) {
    public PipelineOptions {
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        if (batchTokens < 0) throw new IllegalArgumentException("batchTokens must be >= 0, got " + batchTokens);
    }

    /** No token budget. */
    public PipelineOptions(int batchSize, boolean sortByLength, boolean truncate) {
        this(batchSize, sortByLength, truncate, 0);
    }

    /** Micro-batches of 32, length-sorted, no truncation, no token budget. */
    public static PipelineOptions defaults() {
        return new PipelineOptions(32, true, false);
    }

    public PipelineOptions withBatchSize(int size) {
        return new PipelineOptions(size, sortByLength, truncate, batchTokens);
    }

    public PipelineOptions withSortByLength(boolean sort) {
        return new PipelineOptions(batchSize, sort, truncate, batchTokens);
    }

    public PipelineOptions withTruncate(boolean cut) {
        return new PipelineOptions(batchSize, sortByLength, cut, batchTokens);
    }

    public PipelineOptions withBatchTokens(int tokens) {
        return new PipelineOptions(batchSize, sortByLength, truncate, tokens);
    }
}
