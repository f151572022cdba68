package dev.deberta4j.kernels;

import dev.deberta4j.concurrent.ThreadPool;

import static dev.deberta4j.kernels.MicroKernel.MR;
import static dev.deberta4j.kernels.MicroKernel.NR;

import java.util.Arrays;

/**
 * Single-precision matrix products on the packed, register-tiled kernel ({@link GemmBlocking}, {@link MicroKernel}).
 * All matrices are dense row-major float arrays addressed by offset and leading dimension; the output must not
 * overlap an input. Shapes are checked up front: a matrix that does not fit its array fails naming the operand,
 * its stored shape, offset and leading dimension.
 */
public final class Gemm {
    /** Below this many flops a product runs on the calling thread: waking workers would cost more. */
    private static final long PARALLEL_MIN_FLOPS = 1L << 21;
    /**
     * {@code -Ddeberta4j.warmUpKernels=true}: run {@link KernelWarmUp} before the first product. Off by default: in
     * an A/B on a busy machine it did not remove the batch-1 slow mode (docs/engine-speed.md).
     */
    private static final boolean WARM_UP = Boolean.getBoolean("deberta4j.warmUpKernels");
    /**
     * Widest single-threaded product (B not transposed) that skips packing: one attention head (64 columns). There
     * the packed kernel spends about as long packing A as multiplying, each packed element serving only n/NR panels.
     */
    static final int NARROW_MAX_N = 64;

    private Gemm() {}

    /**
     * y[m][out] = x[m][in] · Wᵀ (+ bias[out] when bias != null); x and y are dense row-major (ld = in and out);
     * multithreaded on the shared pool.
     */
    public static void linear(float[] x, int m, PackedMatrix w, float[] bias, float[] y) {
        linear(x, m, w, bias, y, ThreadPool.shared());
    }

    /** Same as {@link #linear(float[], int, PackedMatrix, float[], float[])} on the given pool. */
    public static void linear(float[] x, int m, PackedMatrix w, float[] bias, float[] y, ThreadPool pool) {
        int in = w.cols();
        int out = w.rows();
        if (!requireLinear(x, m, in, out, bias, y)) {
            return;
        }
        product(new Operand(x, 0, in, false), m, in, w.panels(), w.offset(), null, null, out, y, 0, out, bias, false, pool);
    }

    /**
     * y[m][out] = x[m][in] · Wᵀ (+ bias[out] when bias != null) with W widened to float32 panel by panel as the
     * kernel reaches it (see {@link PanelWeights}); multithreaded on the shared pool.
     */
    public static void linear(float[] x, int m, PanelWeights w, float[] bias, float[] y) {
        linear(x, m, w, bias, y, ThreadPool.shared());
    }

    /** Same as {@link #linear(float[], int, PanelWeights, float[], float[])} on the given pool. */
    public static void linear(float[] x, int m, PanelWeights w, float[] bias, float[] y, ThreadPool pool) {
        int in = w.cols();
        int out = w.rows();
        if (!requireLinear(x, m, in, out, bias, y)) {
            return;
        }
        product(new Operand(x, 0, in, false), m, in, null, 0, w, null, out, y, 0, out, bias, false, pool);
    }

    /** Bits per vector of the micro-kernel: 512 (AVX-512) or 256 (AVX2), see {@link MicroKernel}. */
    public static int vectorBits() {
        return MicroKernel.SPECIES.vectorBitSize();
    }

    /** Why the kernel has {@link #vectorBits()}: forced by a property, the CPU's widest, or a CPU rule. */
    public static String vectorChoice() {
        return MicroKernel.CHOICE.reason();
    }

    /** The micro-kernel in use, e.g. "float32 6x32 register tile, 512-bit vectors". */
    public static String kernel() {
        return "float32 " + MR + "x" + NR + " register tile, " + vectorBits() + "-bit vectors";
    }

    /** The width NR of the column panels the kernel consumes: two vectors of the chosen species (16 or 32). */
    public static int panelWidth() {
        return NR;
    }

    /**
     * One matrix operand of {@link #matmul}: a row-major matrix stored in data from offset with leading dimension
     * ld; transposed means the operand is the transpose of what is stored (A stored k×m, B stored n×k). The output
     * C is never transposed.
     */
    public record Operand(float[] data, int offset, int ld, boolean transposed) {
        /** The stored matrix itself. */
        public Operand(float[] data, int offset, int ld) {
            this(data, offset, ld, false);
        }

        /** The transpose of the stored matrix. */
        public static Operand transposeOf(float[] data, int offset, int ld) {
            return new Operand(data, offset, ld, true);
        }
    }

    /**
     * C = (accumulate ? C : 0) + A·B, A m×k, B k×n, C m×n (see {@link Operand}). Single-threaded: callers
     * parallelise over (batch, head). Narrow products (B not transposed, n ≤ {@value #NARROW_MAX_N}, such as one
     * head's context) run on {@link NarrowKernel}, which reads A in place instead of packing it; both strategies
     * give the same bits.
     */
    public static void matmul(int m, int n, int k, Operand a, Operand b, Operand c, boolean accumulate) {
        if (!checkMatmul(m, n, k, a, b, c)) {
            return;
        }
        if (!b.transposed() && n <= NARROW_MAX_N && k > 0) {
            NarrowKernel.run(m, n, k, a, b, c, accumulate);
            return;
        }
        product(a, m, k, null, 0, null, b, n, c.data(), c.offset(), c.ld(), null, accumulate, null);
    }

    /** Same as {@link #matmul}, multithreaded on the shared pool (splits m or n; always the packed kernel). */
    public static void matmulParallel(int m, int n, int k, Operand a, Operand b, Operand c, boolean accumulate) {
        if (checkMatmul(m, n, k, a, b, c)) {
            product(a, m, k, null, 0, null, b, n, c.data(), c.offset(), c.ld(), null, accumulate,
                    ThreadPool.shared());
        }
    }

    /** Checks a product's shapes against its operands; false when C is empty. */
    private static boolean checkMatmul(int m, int n, int k, Operand a, Operand b, Operand c) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("matmul: dimensions must be >= 0, found m=" + m + " n=" + n + " k=" + k);
        }
        if (c.transposed()) {
            throw new IllegalArgumentException("matmul C: the output cannot be transposed");
        }
        // Stored shapes: A is (transposed ? k×m : m×k), B is (transposed ? n×k : k×n), C is m×n.
        requireMatrix("matmul A", a.data(), a.offset(), a.ld(), a.transposed() ? k : m, a.transposed() ? m : k);
        requireMatrix("matmul B", b.data(), b.offset(), b.ld(), b.transposed() ? n : k, b.transposed() ? k : n);
        requireMatrix("matmul C", c.data(), c.offset(), c.ld(), m, n);
        return m > 0 && n > 0;
    }

    /**
     * C[m][j - panel0·NR] = A[m][k] · W[j]ᵀ for the rows j of W in [panel0·NR, min(panel1·NR, n)), W an n x k matrix
     * packed in {@link PackedMatrix}'s layout at panels[panelsOff] (e.g. by {@link PackedMatrix#packPanels}); A dense
     * row-major with leading dimension lda. Single-threaded, like {@link #matmul}: a window of a packed table
     * multiplied without packing it again.
     */
    public static void matmulPanels(int m, int k, float[] a, int aOff, int lda, float[] panels, int panelsOff, int n,
                                    int panel0, int panel1, float[] c, int cOff, int ldc) {
        if (m < 0 || k < 1 || n < 1 || panel0 < 0 || panel1 > (n + NR - 1) / NR || panel0 >= panel1) {
            throw new IllegalArgumentException("matmulPanels: bad shape m=" + m + " k=" + k + " n=" + n
                    + " panels [" + panel0 + ", " + panel1 + ")");
        }
        int cols = Math.min(panel1 * NR, n) - panel0 * NR;
        requireMatrix("matmulPanels A", a, aOff, lda, m, k);
        requireLength("matmulPanels W", panels, panelsOff + (long) panel1 * k * NR, "panels up to " + panel1);
        requireMatrix("matmulPanels C", c, cOff, ldc, m, cols);
        if (m == 0) {
            return;
        }
        // Panel p is written at C column p·NR from the offset given, so C's offset moves back by panel0's columns.
        GemmBlocking.run(new Operand(a, aOff, lda, false), 0, m, k, panels, panelsOff, null, null, n, panel0, panel1,
                c, cOff - panel0 * NR, ldc, null, false);
    }

    /**
     * Runs a validated product: k = 0 fills C, else the blocked loop on the caller alone (pool null) or the pool.
     * With {@code -Ddeberta4j.warmUpKernels=true} the first product in a JVM first runs {@link KernelWarmUp}.
     */
    private static void product(Operand a, int m, int k, float[] packed, int packedOff, PanelWeights widened, Operand b,
                                int n,
                                float[] c, int cOff, int ldc, float[] bias, boolean accumulate, ThreadPool pool) {
        if (WARM_UP) {
            KernelWarmUp.once();
        }
        if (k == 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) {
                    int row = cOff + i * ldc;
                    if (bias == null) {
                        Arrays.fill(c, row, row + n, 0f);
                    } else {
                        System.arraycopy(bias, 0, c, row, n);
                    }
                }
            }
            return;
        }
        int panels = (n + NR - 1) / NR;
        if (pool == null || pool.threads() == 1 || 2L * m * n * k < PARALLEL_MIN_FLOPS) {
            GemmBlocking.run(a, 0, m, k, packed, packedOff, widened, b, n, 0, panels, c, cOff, ldc, bias, accumulate);
            return;
        }
        int rowBlocks = (m + MR - 1) / MR;
        if (panels >= rowBlocks || rowBlocks < pool.threads()) {
            pool.parallelFor(panels, (p0, p1) ->
                    GemmBlocking.run(a, 0, m, k, packed, packedOff, widened, b, n, p0, p1, c, cOff, ldc, bias,
                            accumulate));
        } else {
            pool.parallelFor(rowBlocks, (r0, r1) ->
                    GemmBlocking.run(a, r0 * MR, Math.min(m, r1 * MR), k, packed, packedOff, widened, b, n, 0, panels,
                            c, cOff, ldc, bias, accumulate));
        }
    }

    /** Checks the operands of a linear product; false when there is nothing to compute (m = 0). */
    private static boolean requireLinear(float[] x, int m, int in, int out, float[] bias, float[] y) {
        if (m < 0) {
            throw new IllegalArgumentException("linear: m must be >= 0, found " + m);
        }
        requireLength("linear x", x, (long) m * in, "m=" + m + " x in=" + in);
        requireLength("linear y", y, (long) m * out, "m=" + m + " x out=" + out);
        if (bias != null && bias.length != out) {
            throw new IllegalArgumentException("linear bias: expected length out=" + out + ", found " + bias.length);
        }
        return m > 0;
    }

    private static void requireLength(String what, float[] array, long needed, String shape) {
        if (array.length < needed) {
            throw new IllegalArgumentException(what + ": expected at least " + needed + " floats (" + shape
                    + "), found " + array.length);
        }
    }

    /** Checks that a rows×cols row-major matrix at offset with leading dimension ld fits in the array. */
    private static void requireMatrix(String what, float[] array, int offset, int ld, int rows, int cols) {
        if (offset < 0) {
            throw new IllegalArgumentException(what + ": offset must be >= 0, found " + offset);
        }
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException(what + ": leading dimension must be >= " + Math.max(1, cols)
                    + " (stored " + rows + "x" + cols + "), found " + ld);
        }
        if (rows == 0 || cols == 0) {
            return;
        }
        long end = offset + (long) (rows - 1) * ld + cols;
        if (end > array.length) {
            throw new IllegalArgumentException(what + ": stored " + rows + "x" + cols + " at offset " + offset
                    + " with leading dimension " + ld + " needs " + end + " floats, array has " + array.length);
        }
    }
}
