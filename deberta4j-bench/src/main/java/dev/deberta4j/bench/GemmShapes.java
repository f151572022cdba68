package dev.deberta4j.bench;

import dev.deberta4j.concurrent.ThreadPool;
import dev.deberta4j.kernels.Gemm;
import dev.deberta4j.kernels.Gemm.Operand;
import dev.deberta4j.kernels.PackedMatrix;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * GFLOPS of deberta4j's GEMM at named products, one line each ({@code kind MxNxK threads GFLOPS}), for
 * {@code scripts/gemm-vs-openblas.sh}, which runs OpenBLAS on the same products and prints the ratios. Shapes are
 * numpy's: C[M][N] = A[M][K]·B[K][N]. Kinds: {@code linear} ({@link Gemm#linear}, B = Wᵀ with W packed, on a pool
 * of the given threads), {@code nt} (attention scores q·kᵀ: B stored N x K) and {@code nn} (probs·v: B stored
 * K x N); the attention kinds are single-threaded, as the model calls them.
 *
 * <p>Clock {@code wall} times each product by the wall clock; {@code cpu} (one thread only) by the calling
 * thread's CPU time, which leaves out the time other processes held the core: on a busy machine it measures the
 * kernel, though still slowed by what they do to shared caches. The fastest of 5 windows counts either way.
 * Usage: {@code GemmShapes SECONDS THREADS wall|cpu KIND:MxNxK[,KIND:MxNxK...]}.
 */
public final class GemmShapes {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private GemmShapes() {}

    public static void main(String[] args) {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: GemmShapes SECONDS THREADS wall|cpu KIND:MxNxK[,...], found "
                    + args.length + " argument(s)");
        }
        double seconds = Double.parseDouble(args[0]);
        int threads = Integer.parseInt(args[1]);
        boolean cpuClock = switch (args[2]) {
            case "wall" -> false;
            case "cpu" -> true;
            default -> throw new IllegalArgumentException("GemmShapes: clock must be wall or cpu, found '" + args[2] + "'");
        };
        if (cpuClock && threads != 1) {
            throw new IllegalArgumentException("GemmShapes: the cpu clock times one thread, found threads=" + threads);
        }
        ThreadPool pool = new ThreadPool(threads);
        try {
            for (String spec : args[3].split(",")) {
                String[] kindShape = spec.trim().split(":");
                String[] d = kindShape[1].split("x");
                int m = Integer.parseInt(d[0]);
                int n = Integer.parseInt(d[1]);
                int k = Integer.parseInt(d[2]);
                Runnable product = product(kindShape[0], m, n, k, pool);
                double gflops = best(product, 2.0 * m * n * k, seconds, cpuClock);
                System.out.printf(Locale.ROOT, "%s %s %d %.1f%n", kindShape[0], kindShape[1], threads, gflops);
            }
        } finally {
            pool.shutdown();
        }
    }

    private static Runnable product(String kind, int m, int n, int k, ThreadPool pool) {
        SplittableRandom rnd = new SplittableRandom(42);
        float[] a = random(rnd, m * k);
        float[] b = random(rnd, n * k);
        float[] c = new float[m * n];
        return switch (kind) {
            case "linear" -> {
                PackedMatrix w = PackedMatrix.pack(b, 0, n, k);
                yield () -> Gemm.linear(a, m, w, null, c, pool);
            }
            case "nt" -> () -> Gemm.matmul(m, n, k, new Operand(a, 0, k), Operand.transposeOf(b, 0, k),
                    new Operand(c, 0, n), false);
            case "nn" -> () -> Gemm.matmul(m, n, k, new Operand(a, 0, k), new Operand(b, 0, n), new Operand(c, 0, n),
                    false);
            default -> throw new IllegalArgumentException("GemmShapes: kind must be linear, nt or nn, found '"
                    + kind + "'");
        };
    }

    /** Warm-up of half the time (at least 0.5 s), then the fastest of 5 windows, in GFLOPS. */
    private static double best(Runnable product, double flops, double seconds, boolean cpuClock) {
        runFor(product, Math.max(0.5, seconds / 2), cpuClock);
        double best = 0;
        for (int window = 0; window < 5; window++) {
            double[] timed = runFor(product, seconds / 5, cpuClock);
            best = Math.max(best, flops * timed[0] / timed[1] / 1e9);
        }
        return best;
    }

    /** Repeats the product for about {@code seconds} of the chosen clock; returns {products, seconds}. */
    private static double[] runFor(Runnable product, double seconds, boolean cpuClock) {
        long start = now(cpuClock);
        long deadline = start + (long) (seconds * 1e9);
        long count = 0;
        long t;
        do {
            product.run();
            count++;
            t = now(cpuClock);
        } while (t < deadline);
        return new double[] {count, (t - start) / 1e9};
    }

    private static long now(boolean cpuClock) {
        return cpuClock ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    private static float[] random(SplittableRandom rnd, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return v;
    }
}
