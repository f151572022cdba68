package dev.deberta4j.bench;

import java.util.Locale;

/**
 * GFLOPS of deberta4j's GEMM at named products, one line each ({@code kind MxNxK threads GFLOPS}), for
 * {@code scripts/gemm-vs-openblas.sh}, which runs OpenBLAS on the same products and prints the ratios. Shapes are
 * numpy's: C[M][N] = A[M][K]·B[K][N]. Kinds: {@code linear} ({@link dev.deberta4j.tensor.Gemm#linear}, B = Wᵀ
 * with W packed, on a pool of the given threads), {@code nt} (attention scores q·kᵀ: B stored N x K) and
 * {@code nn} (probs·v: B stored K x N); the attention kinds are single-threaded, as the model calls them.
 * Usage: {@code GemmShapes SECONDS THREADS KIND:MxNxK[,KIND:MxNxK...]}.
 */
public final class GemmShapes {
    private GemmShapes() {}

    public static void main(String[] args) {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: GemmShapes SECONDS THREADS KIND:MxNxK[,...], found "
                    + args.length + " argument(s)");
        }
        double seconds = Double.parseDouble(args[0]);
        int threads = Integer.parseInt(args[1]);
        for (String spec : args[2].split(",")) {
            String[] kindShape = spec.trim().split(":");
            String[] d = kindShape[1].split("x");
            int m = Integer.parseInt(d[0]);
            int n = Integer.parseInt(d[1]);
            int k = Integer.parseInt(d[2]);
            double gflops = switch (kindShape[0]) {
                case "linear" -> dev.deberta4j.tensor.GemmFlops.measure(m, n, k, threads, seconds);
                case "nt" -> dev.deberta4j.tensor.GemmFlops.measureMatmul(true, m, n, k, seconds);
                case "nn" -> dev.deberta4j.tensor.GemmFlops.measureMatmul(false, m, n, k, seconds);
                default -> throw new IllegalArgumentException("GemmShapes: kind must be linear, nt or nn, found '"
                        + kindShape[0] + "'");
            };
            System.out.printf(Locale.ROOT, "%s %s %d %.1f%n", kindShape[0], kindShape[1], threads, gflops);
        }
    }
}
