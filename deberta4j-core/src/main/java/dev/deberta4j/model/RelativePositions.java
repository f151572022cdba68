package dev.deberta4j.model;

/**
 * DeBERTa's relative positions: rel(i, j) = i - j, optionally log-bucketed, and the index into the relative
 * embeddings that c2p and p2c read: clamp(bucket(i - j) + span, 0, 2 * span - 1).
 * Because the index depends only on i - j, one table of 2L - 1 entries serves every (i, j) pair.
 */
final class RelativePositions {
    private RelativePositions() {
    }

    /**
     * transformers' make_log_bucket_position for one value, in float32 as torch computes it: distances below
     * bucketSize/2 stay as they are, longer ones are compressed logarithmically up to maxPosition.
     */
    static int bucket(int relativePos, int bucketSize, int maxPosition) {
        if (bucketSize <= 0 || maxPosition <= 0) return relativePos;
        int mid = bucketSize / 2;
        int sign = Integer.signum(relativePos);
        int absPos = (relativePos < mid && relativePos > -mid) ? mid - 1 : Math.abs(relativePos);
        if (absPos <= mid) return relativePos;
        float ratio = (float) absPos / (float) mid;
        float logRatio = (float) Math.log(ratio);
        float logMax = (float) Math.log((maxPosition - 1) / (double) mid);
        float scaled = logRatio / logMax * (float) (mid - 1);
        int logPos = (int) Math.ceil(scaled) + mid;
        return logPos * sign;
    }

    /** Index table: entry (i - j) + (len - 1) holds the rel-embedding row read for query i and key j. */
    static int[] embeddingIndexByOffset(int len, int bucketSize, int maxPosition, int span) {
        int[] table = new int[2 * len - 1];
        for (int d = -(len - 1); d <= len - 1; d++) {
            int idx = bucket(d, bucketSize, maxPosition) + span;
            table[d + len - 1] = Math.max(0, Math.min(2 * span - 1, idx));
        }
        return table;
    }
}
