package dev.deberta4j.model;

import dev.deberta4j.concurrent.ThreadPool;
import dev.deberta4j.kernels.VectorOps;

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
        for (int r = from; r < to; r++) normaliseRow(x, r * size, size, eps, weight, bias, x, x);
    }

    /**
     * One row of nn.LayerNorm, the one implementation of inference and training: x̂ = (x - mean) / sqrt(var + eps)
     * into xhat, then out = x̂·weight + bias (xhat and out may be x itself: inference keeps neither); returns
     * 1 / sqrt(var + eps), which training's backward needs with x̂.
     */
    public static double normaliseRow(float[] x, int off, int size, float eps, float[] weight, float[] bias,
                                      float[] xhat, float[] out) {
        double inv = standardizeRow(x, off, size, eps, xhat, off);
        if (out != xhat) System.arraycopy(xhat, off, out, off, size);
        VectorOps.mulAdd(out, off, weight, bias, size);
        return inv;
    }

    /**
     * The normalised row out = (x - mean) / sqrt(var + eps), statistics accumulated in double (torch is within
     * rounding of that); returns 1 / sqrt(var + eps).
     */
    private static double standardizeRow(float[] x, int off, int size, float eps, float[] out, int outOff) {
        double mean = VectorOps.sumInDouble(x, off, size) / size;
        double var = VectorOps.squaredDeviations(x, off, size, mean) / size;
        double inv = 1.0 / Math.sqrt(var + eps);
        VectorOps.standardize(x, off, size, mean, inv, out, outOff);
        return inv;
    }
}
