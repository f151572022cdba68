package dev.deberta4j.model;

import dev.deberta4j.kernels.Gemm;
import dev.deberta4j.kernels.PackedMatrix;

import java.util.Arrays;

/**
 * The relative embeddings projected by an attention layer's key (c2p) or query (p2c) projection, [2·span, allHead],
 * computed lazily in fixed blocks of rows: a forward pass at length L reads only the ~2L rows around the centre,
 * so a short text costs a few blocks instead of the whole table (the whole table made loading a small model slow
 * before the JIT had compiled the kernels). Rows are always computed in the same blocks, so a value never depends
 * on which lengths came first. Thread-safe; readers see an immutable array snapshot.
 *
 * <p>The table is kept per head in the GEMM's packed weight layout ({@link PackedMatrix}: head h's [2·span, headSize]
 * slice as column panels of {@link Gemm#panelWidth()} rows), so c2p = q·pkᵀ and p2c = k·pqᵀ multiply it in place
 * ({@link Gemm#matmulPanels}) instead of packing a transposed slice of it for every (sequence, head).
 */
final class ProjectedPositions {
    private static final int BLOCK_ROWS = 32;   // a multiple of every panel width (16, 32)

    private final Linear projection;
    private final float[] relEmbeddings;   // [rows, hidden]
    private final int rows;
    private final int hidden;
    private final int headSize;
    private final int headFloats;          // one head's panels: ceil(rows / NR) · headSize · NR
    private final boolean[] done;          // guarded by this
    private volatile float[] panels;       // [heads][panels][headSize][NR]; blocks not yet computed are 0

    ProjectedPositions(Linear projection, float[] relEmbeddings, int rows, int heads) {
        if (projection.out % heads != 0) {
            throw new IllegalArgumentException("projection width " + projection.out + " is not a multiple of "
                    + heads + " heads");
        }
        int nr = Gemm.panelWidth();
        this.projection = projection;
        this.relEmbeddings = relEmbeddings;
        this.rows = rows;
        this.hidden = projection.in;
        this.headSize = projection.out / heads;
        this.headFloats = (rows + nr - 1) / nr * headSize * nr;
        this.done = new boolean[(rows + BLOCK_ROWS - 1) / BLOCK_ROWS];
        this.panels = new float[heads * headFloats];
    }

    /** The packed table with (at least) rows [from, from + count) computed. */
    float[] covering(int from, int count) {
        int first = from / BLOCK_ROWS;
        int last = (from + count - 1) / BLOCK_ROWS;
        synchronized (this) {
            float[] current = panels;
            float[] next = null;
            int nr = Gemm.panelWidth();
            int heads = current.length / headFloats;
            for (int b = first; b <= last; b++) {
                if (done[b]) continue;
                if (next == null) next = current.clone();   // readers keep their snapshot
                int r0 = b * BLOCK_ROWS;
                int n = Math.min(BLOCK_ROWS, rows - r0);
                float[] block = projection.forward(Arrays.copyOfRange(relEmbeddings, r0 * hidden, (r0 + n) * hidden), n);
                for (int h = 0; h < heads; h++) {
                    PackedMatrix.packPanels(block, h * headSize, projection.out, n, headSize, 0, (n + nr - 1) / nr,
                            next, headOffset(h) + r0 * headSize);
                }
                done[b] = true;
            }
            if (next != null) panels = next;
            return panels;
        }
    }

    /** Where head h's panels start in the packed table. */
    int headOffset(int h) {
        return h * headFloats;
    }

    /** Row {@code row}, column {@code col} of the [2·span, allHead] table in a packed snapshot. */
    float valueAt(float[] packed, int row, int col) {
        int nr = Gemm.panelWidth();
        return packed[headOffset(col / headSize) + (row / nr) * headSize * nr + (col % headSize) * nr + row % nr];
    }
}
