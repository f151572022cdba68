package dev.deberta4j.model;

import dev.deberta4j.kernels.LinearWeights;

import java.util.ArrayList;
import java.util.List;

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

    /** Linears of one input stacked into one product ({@link StackedWeights}), and each part alone as a view. */
    record Stack(Linear whole, List<Linear> parts, int stride) {}

    /**
     * The backbone nn.Linears {@code names} [out, in] (with biases) stacked: part i's outputs are columns
     * [i·stride, i·stride + out) of the whole's product, whose padding columns are 0.
     */
    static Stack backboneStack(WeightReader r, List<String> names, int out, int in) {
        StackedWeights weights = r.backboneStack(names.stream().map(n -> n + ".weight").toList(), out, in);
        int stride = weights.stride();
        float[] bias = new float[names.size() * stride];
        List<Linear> parts = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            float[] b = r.backbone(names.get(i) + ".bias", out);
            System.arraycopy(b, 0, bias, i * stride, out);
            parts.add(new Linear(weights.parts().get(i), b));
        }
        return new Stack(new Linear(weights.whole(), bias), parts, stride);
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
