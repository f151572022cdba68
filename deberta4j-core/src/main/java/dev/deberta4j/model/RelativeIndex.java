package dev.deberta4j.model;

import dev.deberta4j.config.DebertaConfig;

/**
 * The relative-embedding rows one forward pass at sequence length L reads: the index table by (i - j)
 * ({@code indexByOffset[i - j + L - 1]}), the contiguous range [lowest, lowest + width) of rows it touches, and the
 * same table relative to that range ({@code windowRowByOffset}, for a table of only the rows in the window).
 * Built once per forward pass; shared by the inference engine and training ({@code dev.deberta4j.train}).
 */
public record RelativeIndex(int[] indexByOffset, int lowest, int width, int[] windowRowByOffset) {
    public static RelativeIndex of(DebertaConfig c, int len) {
        int span = c.attentionSpan();
        int[] table = RelativePositions.embeddingIndexByOffset(len, c.positionBuckets, c.maxRelativePositions(), span);
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        for (int idx : table) {
            lo = Math.min(lo, idx);
            hi = Math.max(hi, idx);
        }
        int[] window = new int[table.length];
        for (int o = 0; o < table.length; o++) window[o] = table[o] - lo;
        return new RelativeIndex(table, lo, hi - lo + 1, window);
    }
}
