package dev.deberta4j.train;

/**
 * nn.LayerNorm over the last dimension with its backward pass. Statistics are accumulated in double, like the
 * inference engine's LayerNorm; the forward pass returns what the backward pass needs (x̂ and 1/σ per row).
 */
final class LayerNormLayer {
    final Parameter weight;
    final Parameter bias;
    final int size;
    private final double eps;

    /** The output and the saved statistics of one application. */
    record Normalized(float[] y, float[] xhat, double[] rstd, int rows) {
    }

    LayerNormLayer(Parameter weight, Parameter bias, double eps) {
        this.weight = weight;
        this.bias = bias;
        this.size = weight.size();
        this.eps = (float) eps;   // torch holds eps as a float32 in the kernel
    }

    Normalized forward(float[] x, int rows) {
        float[] y = new float[rows * size];
        float[] xhat = new float[rows * size];
        double[] rstd = new double[rows];
        float[] w = weight.data();
        float[] b = bias.data();
        for (int r = 0; r < rows; r++) {
            int off = r * size;
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
            rstd[r] = inv;
            for (int i = 0; i < size; i++) {
                float h = (float) ((x[off + i] - mean) * inv);
                xhat[off + i] = h;
                y[off + i] = h * w[i] + b[i];
            }
        }
        return new Normalized(y, xhat, rstd, rows);
    }

    /** Accumulates dγ and dβ, returns dx = (1/σ)(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)) with dx̂ = dy·γ. */
    float[] backward(Normalized saved, float[] dy) {
        int rows = saved.rows();
        float[] dx = new float[rows * size];
        float[] w = weight.data();
        float[] gw = weight.grad();
        float[] gb = bias.grad();
        float[] xhat = saved.xhat();
        for (int r = 0; r < rows; r++) {
            int off = r * size;
            double sumG = 0;
            double sumGX = 0;
            for (int i = 0; i < size; i++) {
                float g = dy[off + i];
                gw[i] += g * xhat[off + i];
                gb[i] += g;
                double gh = (double) g * w[i];
                sumG += gh;
                sumGX += gh * xhat[off + i];
            }
            double meanG = sumG / size;
            double meanGX = sumGX / size;
            double inv = saved.rstd()[r];
            for (int i = 0; i < size; i++) {
                double gh = (double) dy[off + i] * w[i];
                dx[off + i] = (float) (inv * (gh - meanG - xhat[off + i] * meanGX));
            }
        }
        return dx;
    }
}
