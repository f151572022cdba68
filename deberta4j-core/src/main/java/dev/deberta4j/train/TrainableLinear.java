package dev.deberta4j.train;

import dev.deberta4j.concurrent.ThreadPool;
import dev.deberta4j.kernels.Gemm;
import dev.deberta4j.kernels.Gemm.Operand;
import dev.deberta4j.kernels.VectorOps;

/**
 * nn.Linear for training: y = x Wᵀ + b with W [out, in]. Holds no activations, because one projection may be
 * applied to several inputs in a pass (DeBERTa's query/key projections also project the relative embeddings):
 * the caller keeps x and hands it back to {@link #backward}.
 */
final class TrainableLinear {
    /** Rows of the input per task of the weight gradient's product (a fixed split: see accumulateGradients). */
    static final int ROW_CHUNK = 512;
    /**
     * At most this many floats in the chunks' buffers together (32 MB): a vocabulary-sized weight (a masked-LM
     * decoder) keeps the single product, whose packing its large dimensions amortise anyway.
     */
    private static final long MAX_PARTIAL_FLOATS = 1L << 23;
    final int in;
    final int out;
    final Parameter weight;
    final Parameter bias;   // null for a bias-free projection

    TrainableLinear(Parameter weight, Parameter bias) {
        int[] s = weight.shape();
        if (s.length != 2 || (bias != null && bias.size() != s[0])) {
            throw new IllegalArgumentException(weight.name() + ": expected [out, in] with a bias of out values");
        }
        this.weight = weight;
        this.bias = bias;
        this.out = s[0];
        this.in = s[1];
    }

    /**
     * @return y [m, out] for x [m, in]. The sums start from the bias, as inference's packed {@code Gemm.linear}
     *         starts them, so both paths give the same bits.
     */
    float[] forward(float[] x, int m) {
        float[] y = new float[m * out];
        if (bias != null) {
            float[] b = bias.data();
            for (int r = 0; r < m; r++) System.arraycopy(b, 0, y, r * out, out);
        }
        Gemm.matmulParallel(m, out, in, new Operand(x, 0, in), Operand.transposeOf(weight.data(), 0, in),
                new Operand(y, 0, out), bias != null);
        return y;
    }

    /** Accumulates dW += dyᵀ x and db += Σ dy, and returns dx = dy W [m, in]. */
    float[] backward(float[] x, float[] dy, int m) {
        accumulateGradients(x, dy, m);
        float[] dx = new float[m * in];
        Gemm.matmulParallel(m, in, out, new Operand(dy, 0, out), new Operand(weight.data(), 0, in),
                new Operand(dx, 0, in), false);
        return dx;
    }

    /**
     * dW += dyᵀ x and db += Σ dy only, for an input that needs no gradient. The product's inner dimension is the
     * m rows: beyond {@link #ROW_CHUNK} of them it is summed in fixed row chunks, one task each, every chunk's
     * product into its own buffer, then the buffers into dW in chunk order (the same bits for any thread count).
     * A single product split over threads by output rows or columns would have each thread pack the whole of
     * one operand for a small share of the [out, in] result. Weights too large for the chunks' buffers
     * ({@link #MAX_PARTIAL_FLOATS}) keep that single product.
     */
    void accumulateGradients(float[] x, float[] dy, int m) {
        int chunks = (m + ROW_CHUNK - 1) / ROW_CHUNK;
        if (chunks < 2 || (long) chunks * out * in > MAX_PARTIAL_FLOATS) {
            Gemm.matmulParallel(out, in, m, Operand.transposeOf(dy, 0, out), new Operand(x, 0, in),
                    new Operand(weight.grad(), 0, in), true);
        } else {
            int size = out * in;
            float[][] partial = new float[chunks][];
            ThreadPool.shared().parallelFor(chunks, (c0, c1) -> {
                for (int c = c0; c < c1; c++) {
                    int r0 = c * ROW_CHUNK;
                    partial[c] = new float[size];
                    Gemm.matmul(out, in, Math.min(ROW_CHUNK, m - r0), Operand.transposeOf(dy, r0 * out, out),
                            new Operand(x, r0 * in, in), new Operand(partial[c], 0, in), false);
                }
            });
            float[] g = weight.grad();
            ThreadPool.shared().parallelFor(size, (from, to) -> {
                for (float[] p : partial) VectorOps.add(p, from, g, from, to - from);
            });
        }
        if (bias != null) {
            float[] gb = bias.grad();
            for (int r = 0; r < m; r++) VectorOps.add(dy, r * out, gb, 0, out);   // row by row: the same sums
        }
    }
}
