package dev.deberta4j.model;

import dev.deberta4j.tensor.Gemm;
import dev.deberta4j.tensor.PackedMatrix;

/** nn.Linear for inference: weight [out, in] packed once for the GEMM kernel, optional bias. */
final class Linear {
    final int in;
    final int out;
    private final PackedMatrix weight;
    private final float[] bias;

    Linear(float[] weight, float[] bias, int out, int in) {
        this.in = in;
        this.out = out;
        this.weight = PackedMatrix.pack(weight, 0, out, in);
        this.bias = bias;
    }

    static Linear backbone(WeightReader r, String name, int out, int in, boolean hasBias) {
        return new Linear(r.backbone(name + ".weight", out, in), hasBias ? r.backbone(name + ".bias", out) : null, out, in);
    }

    static Linear head(WeightReader r, String name, int out, int in) {
        return new Linear(r.head(name + ".weight", out, in), r.head(name + ".bias", out), out, in);
    }

    /** y[m, out] = x[m, in] W^T + b. */
    void forward(float[] x, int m, float[] y) {
        Gemm.linear(x, m, weight, bias, y);
    }

    float[] forward(float[] x, int m) {
        float[] y = new float[m * out];
        forward(x, m, y);
        return y;
    }
}
