package dev.deberta4j.kernels;

/**
 * The GEMM register tile in plain scalar Java, for the first tiles a JVM computes. Until C2 has compiled
 * {@link MicroKernel}'s kernels, the Vector API runs in its Java fallback (an array and a lambda per operation),
 * some 50 times slower than this loop interpreted; a command that runs one short forward pass spent most of that
 * pass there. The results are bit-identical to the vector kernels': each output is the same chain of fused
 * multiply-adds over p in the same order, starting from the same value (tested by ColdTilesTest).
 */
final class ColdTiles {
    /**
     * Tiles computed here before the vector kernels take over: more than a short forward pass of a small model
     * needs, and a fraction of a second at the scalar speed of a large one.
     */
    static final int LIMIT = Boolean.getBoolean("deberta4j.warmUpKernels") ? 0     // it is there to profile them
            : Integer.getInteger("deberta4j.coldTiles", 4096);
    /** Tiles computed so far; racy increments only shift the hand-over by a few tiles. */
    private static int computed;

    private ColdTiles() {}

    /**
     * Whether an element-wise operation over {@code n} elements (GELU, LayerNorm's statistics and scaling) should
     * run its scalar loop: while the tiles are cold, the Vector API's fallback made these most of a short command's
     * first pass. The same bits: each loop's scalar tail is the vector body's expression, and a sum keeps the
     * vector's per-lane partial sums. Counts one tile per 1024 elements, so element-wise work alone (a benchmark of
     * it) also hands over.
     */
    static boolean takeElements(int n) {
        if (computed >= LIMIT) return false;
        computed += 1 + n / 1024;
        return true;
    }

    /** Hands over to the vector kernels now (for tests that compare them with the scalar loops). */
    static void handOver() {
        computed = LIMIT;
    }

    /** Starts cold again, as a new JVM does (for tests). */
    static void restart() {
        computed = 0;
    }

    /** Whether the next tile should be computed here (counts it). */
    static boolean take() {
        if (computed >= LIMIT) return false;
        computed++;
        return true;
    }

    /** {@link MicroKernel#tile}'s contract, for any rows up to MR. */
    static void tile(int rows, int kc, float[] a, int aOff, float[] b, int bOff,
                     float[] c, int cOff, int ldc, float[] init, int initOff, int initStride) {
        int mr = MicroKernel.MR;
        int nr = MicroKernel.NR;
        float[] acc = new float[rows * nr];
        // All rows start before any is stored, as in the vector kernels (init may be c itself).
        for (int i = 0; i < rows; i++) System.arraycopy(init, initOff + i * initStride, acc, i * nr, nr);
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * nr;
            for (int i = 0; i < rows; i++) {
                float ai = a[aOff + p * mr + i];
                int row = i * nr;
                for (int j = 0; j < nr; j++) acc[row + j] = Math.fma(ai, b[bi + j], acc[row + j]);
            }
        }
        for (int i = 0; i < rows; i++) System.arraycopy(acc, i * nr, c, cOff + i * ldc, nr);
    }
}
