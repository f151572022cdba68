package dev.deberta4j.model;

import java.util.Arrays;

/**
 * The relative embeddings projected by an attention layer's key (c2p) or query (p2c) projection, [2·span, allHead],
 * computed lazily in fixed blocks of rows: a forward pass at length L reads only the ~2L rows around the centre,
 * so a short text costs a few blocks instead of the whole table (the whole table made loading a small model slow
 * before the JIT had compiled the kernels). Rows are always computed in the same blocks, so a value never depends
 * on which lengths came first. Thread-safe; readers see an immutable array snapshot.
 */
final class ProjectedPositions {
    private static final int BLOCK_ROWS = 32;

    private final Linear projection;
    private final float[] relEmbeddings;   // [rows, hidden]
    private final int rows;
    private final int hidden;
    private final boolean[] done;          // guarded by this
    private volatile float[] values;       // [rows, projection.out]; rows of blocks not yet computed are 0

    ProjectedPositions(Linear projection, float[] relEmbeddings, int rows) {
        this.projection = projection;
        this.relEmbeddings = relEmbeddings;
        this.rows = rows;
        this.hidden = projection.in;
        this.done = new boolean[(rows + BLOCK_ROWS - 1) / BLOCK_ROWS];
        this.values = new float[rows * projection.out];
    }

    /** The table with (at least) rows [from, from + count) computed. */
    float[] covering(int from, int count) {
        int first = from / BLOCK_ROWS;
        int last = (from + count - 1) / BLOCK_ROWS;
        synchronized (this) {
            float[] current = values;
            float[] next = null;
            for (int b = first; b <= last; b++) {
                if (done[b]) continue;
                if (next == null) next = current.clone();   // readers keep their snapshot
                int r0 = b * BLOCK_ROWS;
                int n = Math.min(BLOCK_ROWS, rows - r0);
                float[] block = projection.forward(Arrays.copyOfRange(relEmbeddings, r0 * hidden, (r0 + n) * hidden), n);
                System.arraycopy(block, 0, next, r0 * projection.out, block.length);
                done[b] = true;
            }
            if (next != null) values = next;
            return values;
        }
    }
}
