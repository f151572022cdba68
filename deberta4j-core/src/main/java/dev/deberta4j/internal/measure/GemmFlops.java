package dev.deberta4j.internal.measure;

import dev.deberta4j.concurrent.ThreadPool;
import dev.deberta4j.kernels.Gemm;
import dev.deberta4j.kernels.PackedMatrix;

import java.util.SplittableRandom;

/** Measures the sustained speed of {@link Gemm#linear} on random data: the figure the bench command reports. */
public final class GemmFlops {
    private GemmFlops() {}

    /** Measurement windows; the fastest one is reported. */
    private static final int WINDOWS = 5;

    /**
     * Times y[m][n] = x[m][k] · W[n][k]ᵀ on a private pool of {@code threads} threads for about {@code seconds}
     * (after a warm-up of half that, at least 0.5 s, so the JIT has compiled the kernel) and returns GFLOPS =
     * 2·m·n·k / time per product. The time is split into {@value #WINDOWS} windows and the fastest window counts:
     * on a shared machine the slower windows measure the other processes, not the kernel.
     */
    public static double measure(int m, int n, int k, int threads, double seconds) {
        if (m < 1 || n < 1 || k < 1 || threads < 1 || !(seconds > 0)) {
            throw new IllegalArgumentException("GemmFlops.measure needs positive m, n, k, threads and seconds, found m="
                    + m + " n=" + n + " k=" + k + " threads=" + threads + " seconds=" + seconds);
        }
        SplittableRandom rnd = new SplittableRandom(42);
        float[] x = randomArray(rnd, (long) m * k);
        float[] w = randomArray(rnd, (long) n * k);
        float[] y = new float[Math.toIntExact((long) m * n)];
        PackedMatrix packed = PackedMatrix.pack(w, 0, n, k);
        ThreadPool pool = new ThreadPool(threads);
        try {
            runFor(x, m, packed, y, pool, Math.max(0.5, seconds / 2));
            double best = 0;
            for (int window = 0; window < WINDOWS; window++) {
                long[] timed = runFor(x, m, packed, y, pool, seconds / WINDOWS);
                double secondsPerProduct = timed[1] / 1e9 / timed[0];
                best = Math.max(best, 2.0 * m * n * k / secondsPerProduct / 1e9);
            }
            return best;
        } finally {
            pool.shutdown();
        }
    }

    /** Repeats the product until the time is up; returns {products, nanoseconds}. */
    private static long[] runFor(float[] x, int m, PackedMatrix w, float[] y, ThreadPool pool, double seconds) {
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        long count = 0;
        long now;
        do {
            Gemm.linear(x, m, w, null, y, pool);
            count++;
            now = System.nanoTime();
        } while (now < deadline);
        return new long[] {count, now - start};
    }

    private static float[] randomArray(SplittableRandom rnd, long size) {
        float[] v = new float[Math.toIntExact(size)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return v;
    }
}
