package dev.deberta4j.model;

import dev.deberta4j.config.DebertaConfig;

/**
 * The relative-embedding rows one forward pass at sequence length L reads: the index table by (i - j)
 * and the contiguous range [lowest, lowest + width) of rows it touches. Built once per forward pass;
 * shared by the inference engine and training ({@code dev.deberta4j.train}).
 */
public record RelativeIndex(int[] indexByOffset, int lowest, int width) {
    public static RelativeIndex of(DebertaConfig c, int len) {
        int span = c.attentionSpan();
        int[] table = RelativePositions.embeddingIndexByOffset(len, c.positionBuckets, c.maxRelativePositions(), span);
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        for (int idx : table) {
            lo = Math.min(lo, idx);
            hi = Math.max(hi, idx);
        }
        return new RelativeIndex(table, lo, hi - lo + 1);
    }

    /** The relative-embedding row, relative to {@link #lowest()}, that query i reads for key j at length len. */
    public int windowRow(int i, int j, int len) {
        return indexByOffset[i - j + len - 1] - lowest;
    }
}
