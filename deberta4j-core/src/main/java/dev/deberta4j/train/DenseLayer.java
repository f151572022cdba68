package dev.deberta4j.train;

import dev.deberta4j.tensor.Gemm;
import dev.deberta4j.tensor.VectorOps;

/**
 * nn.Linear for training: y = x Wᵀ + b with W [out, in]. Holds no activations, because one projection may be
 * applied to several inputs in a pass (DeBERTa's query/key projections also project the relative embeddings):
 * the caller keeps x and hands it back to {@link #backward}.
 */
final class DenseLayer {
    final int in;
    final int out;
    final Parameter weight;
    final Parameter bias;   // null for a bias-free projection

    DenseLayer(Parameter weight, Parameter bias) {
        int[] s = weight.shape();
        if (s.length != 2 || (bias != null && bias.size() != s[0])) {
            throw new IllegalArgumentException(weight.name() + ": expected [out, in] with a bias of out values");
        }
        this.weight = weight;
        this.bias = bias;
        this.out = s[0];
        this.in = s[1];
    }

    /** @return y [m, out] for x [m, in] */
    float[] forward(float[] x, int m) {
        float[] y = new float[m * out];
        Gemm.matmulParallel(false, true, m, out, in, x, 0, in, weight.data(), 0, in, y, 0, out, false);
        if (bias != null) {
            float[] b = bias.data();
            for (int r = 0; r < m; r++) VectorOps.add(b, 0, y, r * out, out);
        }
        return y;
    }

    /** Accumulates dW += dyᵀ x and db += Σ dy, and returns dx = dy W [m, in]. */
    float[] backward(float[] x, float[] dy, int m) {
        accumulateGradients(x, dy, m);
        float[] dx = new float[m * in];
        Gemm.matmulParallel(false, false, m, in, out, dy, 0, out, weight.data(), 0, in, dx, 0, in, false);
        return dx;
    }

    /** dW += dyᵀ x and db += Σ dy only, for an input that needs no gradient. */
    void accumulateGradients(float[] x, float[] dy, int m) {
        Gemm.matmulParallel(true, false, out, in, m, dy, 0, out, x, 0, in, weight.grad(), 0, in, true);
        if (bias != null) {
            float[] gb = bias.grad();
            for (int r = 0; r < m; r++) VectorOps.add(dy, r * out, gb, 0, out);   // row by row: the same sums
        }
    }
}
