package dev.deberta4j.model;

import dev.deberta4j.config.DebertaConfig;

/**
 * The relative-embedding rows one forward pass at sequence length L reads: the index table by (i - j)
 * and the contiguous range [lowest, lowest + width) of rows it touches. Built once per forward pass.
 */
record RelativeIndex(int[] indexByOffset, int lowest, int width) {
    static RelativeIndex of(DebertaConfig c, int len) {
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
}
