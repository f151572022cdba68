package dev.deberta4j.model;

import dev.deberta4j.kernels.LinearWeights;

/** nn.Linear for inference: weights in the form their kernel computes on (see {@link LinearWeights}), optional bias. */
final class Linear {
    final int in;
    final int out;
    private final LinearWeights weight;
    private final float[] bias;

    Linear(LinearWeights weight, float[] bias) {
        this.in = weight.cols();
        this.out = weight.rows();
        this.weight = weight;
        this.bias = bias;
    }

    Linear(float[] weight, float[] bias, int out, int in) {
        this(LinearWeights.dense(weight, out, in), bias);
    }

    static Linear backbone(WeightReader r, String name, int out, int in, boolean hasBias) {
        return new Linear(r.backboneLinear(name + ".weight", out, in), hasBias ? r.backbone(name + ".bias", out) : null);
    }

    static Linear head(WeightReader r, String name, int out, int in) {
        return new Linear(r.head(name + ".weight", out, in), r.head(name + ".bias", out), out, in);
    }

    /** y[m, out] = x[m, in] W^T + b. */
    void forward(float[] x, int m, float[] y) {
        weight.linear(x, m, bias, y);
    }

    float[] forward(float[] x, int m) {
        float[] y = new float[m * out];
        forward(x, m, y);
        return y;
    }
}
