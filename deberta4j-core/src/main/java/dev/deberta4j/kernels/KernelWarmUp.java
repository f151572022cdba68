package dev.deberta4j.kernels;

import dev.deberta4j.kernels.Gemm.Operand;
import static dev.deberta4j.kernels.MicroKernel.NR;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs every branch of the GEMM loop nest on tiny products once per JVM, before the first real product (opt-in:
 * {@code -Ddeberta4j.warmUpKernels=true}, see {@link Gemm}).
 *
 * <p>Why: the JIT compiles the loop nest ({@link GemmBlocking}) with the branch profile of the products it has
 * seen. A branch never taken by then (the 4-row tile of a 16-token sentence, when a 128-token warm-up ran first;
 * an edge tile; accumulation) is compiled as a trap: the first product that takes it throws the compiled code away
 * and runs interpreted until the JIT compiles it again, which on a busy machine takes seconds of slow products.
 * Taking each branch here, with the inner dimension (k = 64, an attention head) of real products so the
 * micro-kernel's loop profile is not a toy one, leaves the compiled code nothing to trap on.
 */
final class KernelWarmUp {
    /** Rounds over all variants: enough for the interpreter's and C1's profiles to record each branch. */
    static final int ROUNDS = 12;
    /** The k of the warm-up products. */
    private static final int K = 64;

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private KernelWarmUp() {}

    /** Runs the warm-up on the first call in this JVM; later calls (and calls during it) return at once. */
    static void once() {
        if (!STARTED.get() && STARTED.compareAndSet(false, true)) {
            run(ROUNDS);
        }
    }

    /**
     * {@code rounds} passes over: linear products (packed and panel-widened weights, with and without bias) with
     * 16, 14, 12, 6 and 5 rows (whole tiles, 6- and 4-row remainders, 14 = 6 + 4 + 4, edge tiles, whatever MR is), full and cut column
     * panels; and single-threaded matmuls in all four transpose combinations, plain and accumulating, over one and
     * (in one round of six) two k blocks.
     */
    static void run(int rounds) {
        int[] ms = {16, 14, 12, 6, 5};
        int[] ns = {NR, 2 * NR + 3};
        float[] x = filled(18 * (GemmBlocking.KC + 1));
        float[] w = filled((2 * NR + 3) * (GemmBlocking.KC + 1));
        float[][] bias = {filled(ns[0]), filled(ns[1])};
        float[] y = new float[18 * (2 * NR + 3)];
        PackedMatrix[] packed = {PackedMatrix.pack(w, 0, ns[0], K), PackedMatrix.pack(w, 0, ns[1], K)};
        PanelWeights[] widened = {new Widened(packed[0]), new Widened(packed[1])};
        for (int round = 0; round < rounds; round++) {
            for (int m : ms) {
                for (int j = 0; j < ns.length; j++) {
                    Gemm.linear(x, m, packed[j], round % 2 == 0 ? bias[j] : null, y, null);
                    Gemm.linear(x, m, widened[j], round % 2 == 0 ? null : bias[j], y, null);
                }
            }
            for (int t = 0; t < 4; t++) {
                boolean transA = (t & 1) != 0;
                boolean transB = (t & 2) != 0;
                int m = 16 + round % 3;
                int n = round % 2 == 0 ? NR : NR + 5;
                int k = round % 6 == 5 ? GemmBlocking.KC + 1 : K;
                Gemm.matmul(m, n, k, new Operand(x, 0, transA ? m : k, transA),
                        new Operand(w, 0, transB ? k : n, transB), new Operand(y, 0, n), round % 4 == 3);
            }
        }
    }

    private static float[] filled(int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (i % 7 - 3) * 0.25f;
        }
        return v;
    }

    /** Panel-widened weights that copy from a packed matrix: the {@link PanelWeights} path of the loop nest. */
    record Widened(PackedMatrix packed) implements PanelWeights {
        @Override public int rows() { return packed.rows(); }

        @Override public int cols() { return packed.cols(); }

        @Override
        public void widenPanel(int panel, int k0, int kc, float[] dst, int dstOff) {
            System.arraycopy(packed.panels(), panel * packed.cols() * NR + k0 * NR, dst, dstOff, kc * NR);
        }
    }
}
