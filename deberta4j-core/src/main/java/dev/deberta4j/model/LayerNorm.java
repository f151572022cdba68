package dev.deberta4j.model;

import dev.deberta4j.tensor.ThreadPool;

/** nn.LayerNorm over the last dimension; statistics accumulated in double (torch is within rounding of that). */
public final class LayerNorm {
    final int size;
    private final float[] weight;
    private final float[] bias;
    private final float eps;

    LayerNorm(float[] weight, float[] bias, double eps) {
        this.size = weight.length;
        this.weight = weight;
        this.bias = bias;
        this.eps = (float) eps;
    }

    static LayerNorm backbone(WeightReader r, String name, int size, double eps) {
        return new LayerNorm(r.backbone(name + ".weight", size), r.backbone(name + ".bias", size), eps);
    }

    /** Normalises {@code rows} rows of x in place. */
    void forwardInPlace(float[] x, int rows) {
        if ((long) rows * size < 32_768) {
            normaliseRows(x, 0, rows);
        } else {
            ThreadPool.shared().parallelFor(rows, (s, e) -> normaliseRows(x, s, e));
        }
    }

    private void normaliseRows(float[] x, int from, int to) {
        for (int r = from; r < to; r++) {
            int off = r * size;
            standardizeRow(x, off, size, eps, x, off);
            for (int i = 0; i < size; i++) {
                x[off + i] = x[off + i] * weight[i] + bias[i];
            }
        }
    }

    /**
     * The normalised row out = (x - mean) / sqrt(var + eps), statistics accumulated in double (torch is within
     * rounding of that); returns 1 / sqrt(var + eps). Shared with training, whose backward needs both.
     */
    public static double standardizeRow(float[] x, int off, int size, float eps, float[] out, int outOff) {
        double mean = 0;
        for (int i = 0; i < size; i++) mean += x[off + i];
        mean /= size;
        double var = 0;
        for (int i = 0; i < size; i++) {
            double d = x[off + i] - mean;
            var += d * d;
        }
        var /= size;
        double inv = 1.0 / Math.sqrt(var + eps);
        for (int i = 0; i < size; i++) {
            out[outOff + i] = (float) ((x[off + i] - mean) * inv);
        }
        return inv;
    }
}
