package dev.deberta4j.train;

import dev.deberta4j.concurrent.ThreadPool;
import dev.deberta4j.kernels.VectorOps;

import java.util.ArrayList;
import java.util.List;

/** torch.nn.utils.clip_grad_norm_ with the L2 norm over all gradients together. */
public final class GradientClipping {
    /** Elements per parallel task; fixed, so the norm's rounding does not depend on the thread count. */
    private static final int CHUNK = 1 << 16;

    private GradientClipping() {
    }

    /** One task's range of one parameter's gradient. */
    private record Chunk(float[] grad, int from, int to) {
    }

    /**
     * √(Σ g²) over every parameter's gradient, accumulated in double: fixed chunks summed in parallel (four
     * running sums each), then the chunks' sums in order.
     */
    public static double globalNorm(List<Parameter> parameters) {
        List<Chunk> chunks = chunks(parameters);
        double[] partial = new double[chunks.size()];
        ThreadPool.shared().parallelFor(chunks.size(), (c0, c1) -> {
            for (int c = c0; c < c1; c++) partial[c] = sumOfSquares(chunks.get(c));
        });
        double sum = 0;
        for (double s : partial) sum += s;
        return Math.sqrt(sum);
    }

    /**
     * Scales every gradient by min(1, maxNorm / (norm + 1e-6)).
     *
     * @return the norm before clipping (non-finite if a gradient is)
     */
    public static double clipGlobalNorm(List<Parameter> parameters, double maxNorm) {
        if (!(maxNorm > 0)) throw new IllegalArgumentException("max gradient norm must be > 0, found " + maxNorm);
        double norm = globalNorm(parameters);
        double coefficient = maxNorm / (norm + 1e-6);
        if (coefficient < 1) {
            float c = (float) coefficient;
            List<Chunk> chunks = chunks(parameters);
            ThreadPool.shared().parallelFor(chunks.size(), (c0, c1) -> {
                for (int t = c0; t < c1; t++) {
                    Chunk chunk = chunks.get(t);
                    VectorOps.scale(chunk.grad(), chunk.from(), chunk.to() - chunk.from(), c);   // elementwise: same bits
                }
            });
        }
        return norm;
    }

    private static List<Chunk> chunks(List<Parameter> parameters) {
        List<Chunk> chunks = new ArrayList<>();
        for (Parameter p : parameters) {
            float[] g = p.grad();
            for (int from = 0; from < g.length; from += CHUNK) chunks.add(new Chunk(g, from, Math.min(g.length, from + CHUNK)));
        }
        return chunks;
    }

    private static double sumOfSquares(Chunk chunk) {
        float[] g = chunk.grad();
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;   // independent sums: four multiply-adds in flight
        int i = chunk.from();
        for (; i + 4 <= chunk.to(); i += 4) {
            s0 += (double) g[i] * g[i];
            s1 += (double) g[i + 1] * g[i + 1];
            s2 += (double) g[i + 2] * g[i + 2];
            s3 += (double) g[i + 3] * g[i + 3];
        }
        for (; i < chunk.to(); i++) s0 += (double) g[i] * g[i];
        return (s0 + s1) + (s2 + s3);
    }
}
