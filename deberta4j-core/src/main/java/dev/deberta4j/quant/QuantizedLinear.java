package dev.deberta4j.quant;

import dev.deberta4j.tensor.Gemm;
import dev.deberta4j.tensor.LinearWeights;
import dev.deberta4j.tensor.PackedMatrix;
import dev.deberta4j.tensor.ThreadPool;

/**
 * The three kernels every compact weight form shares, on the shared pool; none widens the whole matrix.
 *
 * <p>One or two input rows: the product is bound by reading the weights, so each output is a dot product computed
 * straight on the stored form ({@link #dot}), which is what makes smaller weights faster.
 * Up to {@link #TILE_MAX_ROWS} rows (a sentence at batch 1): {@link #TILE_WEIGHT_ROWS} weight rows at a time are
 * widened into a per-thread float32 buffer (at most 96 KiB) by the vectorised {@link #widenRow}, and every input row
 * is multiplied with them in 4 x 2 register tiles ({@link WidenedTile}), so each widening serves all input rows.
 * More rows: the product is arithmetic-bound, so blocks of {@link #MIN_BLOCK_ROWS} to {@link #MAX_BLOCK_ROWS}
 * weight rows are widened and multiplied with the packed float32 {@link Gemm}.
 */
abstract sealed class QuantizedLinear implements LinearWeights
        permits QuantizedInt8Matrix, QuantizedInt4Matrix, HalfPrecisionMatrix {
    /** Up to this many input rows use the direct dot-product kernel. */
    static final int DIRECT_MAX_ROWS = 2;
    /** Up to this many input rows use the widened-tile kernel. */
    static final int TILE_MAX_ROWS = 64;
    /** Weight rows widened at a time by the tile kernel. */
    static final int TILE_WEIGHT_ROWS = 8;
    /**
     * Weight rows widened per block of the many-rows kernel: multiples of the GEMM panel width, large enough that
     * the GEMM's packing of the inputs (once per block) stays small next to the block's arithmetic, small enough
     * that every thread gets about two blocks.
     */
    static final int MIN_BLOCK_ROWS = 64;
    static final int MAX_BLOCK_ROWS = 256;
    /** Below this many multiply-adds a product runs on the calling thread. */
    private static final long PARALLEL_MIN_MACS = 1L << 18;
    /** Runs each block's GEMM on the thread that owns the block. */
    private static final ThreadPool CALLER_ONLY = new ThreadPool(1);

    /** Per-thread buffers of the many-rows kernel: the widened block and its product. */
    private static final ThreadLocal<float[]> WIDENED = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> PRODUCT = ThreadLocal.withInitial(() -> new float[0]);

    final int rows;
    final int cols;

    QuantizedLinear(int rows, int cols) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("matrix dimensions must be >= 1, found rows=" + rows + " cols=" + cols);
        }
        this.rows = rows;
        this.cols = cols;
    }

    /** x[xOff .. xOff + cols) · W[row]. */
    abstract float dot(float[] x, int xOff, int row);

    /** Writes W[row] as float32 into dst[dstOff .. dstOff + cols) (vectorised: it runs once per call and row). */
    abstract void widenRow(int row, float[] dst, int dstOff);

    @Override
    public final int rows() {
        return rows;
    }

    @Override
    public final int cols() {
        return cols;
    }

    /** W as a float32 row-major array (for tests and accuracy reports; the kernels never do this). */
    public final float[] toFloat() {
        float[] w = new float[rows * cols];
        for (int r = 0; r < rows; r++) widenRow(r, w, r * cols);
        return w;
    }

    @Override
    public final void linear(float[] x, int m, float[] bias, float[] y) {
        if (m < 0) {
            throw new IllegalArgumentException("linear: m must be >= 0, found " + m);
        }
        if (x.length < (long) m * cols || y.length < (long) m * rows) {
            throw new IllegalArgumentException("linear: x needs " + (long) m * cols + " floats (found " + x.length
                    + "), y needs " + (long) m * rows + " (found " + y.length + ") for m=" + m + ", W " + rows + "x" + cols);
        }
        if (bias != null && bias.length != rows) {
            throw new IllegalArgumentException("linear bias: expected length " + rows + ", found " + bias.length);
        }
        int units;
        ThreadPool.RangeBody body;
        if (m <= DIRECT_MAX_ROWS) {
            units = rows;
            body = (r0, r1) -> directRows(x, m, bias, y, r0, r1);
        } else if (m <= TILE_MAX_ROWS) {
            units = (rows + TILE_WEIGHT_ROWS - 1) / TILE_WEIGHT_ROWS;
            body = (b0, b1) -> { for (int b = b0; b < b1; b++) widenedTiles(x, m, bias, y, b * TILE_WEIGHT_ROWS); };
        } else {
            int perThread = (rows + 2 * ThreadPool.shared().threads() - 1) / (2 * ThreadPool.shared().threads());
            int blockRows = Math.clamp((perThread + 15) / 16 * 16L, MIN_BLOCK_ROWS, MAX_BLOCK_ROWS);
            units = (rows + blockRows - 1) / blockRows;
            body = (b0, b1) -> {
                for (int b = b0; b < b1; b++) widenedBlock(x, m, bias, y, b * blockRows, blockRows);
            };
        }
        if ((long) m * rows * cols < PARALLEL_MIN_MACS) {
            body.run(0, units);
        } else {
            ThreadPool.shared().parallelFor(units, body);
        }
    }

    private void directRows(float[] x, int m, float[] bias, float[] y, int r0, int r1) {
        for (int r = r0; r < r1; r++) {
            float b = bias == null ? 0f : bias[r];
            for (int i = 0; i < m; i++) {
                y[i * rows + r] = dot(x, i * cols, r) + b;
            }
        }
    }

    private void widenedTiles(float[] x, int m, float[] bias, float[] y, int row0) {
        int n = Math.min(TILE_WEIGHT_ROWS, rows - row0);
        float[] widened = buffer(WIDENED, n * cols);
        for (int r = 0; r < n; r++) widenRow(row0 + r, widened, r * cols);
        for (int r = 0; r < n; r += 2) {
            for (int i = 0; i < m; i += 4) {
                WidenedTile.multiply(x, i, Math.min(4, m - i), widened, r, Math.min(2, n - r), cols, y, rows, row0,
                        bias);
            }
        }
    }

    private void widenedBlock(float[] x, int m, float[] bias, float[] y, int row0, int blockRows) {
        int n = Math.min(blockRows, rows - row0);
        float[] widened = buffer(WIDENED, n * cols);
        for (int r = 0; r < n; r++) widenRow(row0 + r, widened, r * cols);
        PackedMatrix block = PackedMatrix.pack(widened, 0, n, cols);
        float[] out = buffer(PRODUCT, m * n);
        Gemm.linear(x, m, block, null, out, CALLER_ONLY);
        for (int i = 0; i < m; i++) {
            for (int r = 0; r < n; r++) {
                y[i * rows + row0 + r] = out[i * n + r] + (bias == null ? 0f : bias[row0 + r]);
            }
        }
    }

    private static float[] buffer(ThreadLocal<float[]> holder, int size) {
        float[] s = holder.get();
        if (s.length < size) {
            s = new float[size];
            holder.set(s);
        }
        return s;
    }
}
