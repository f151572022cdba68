package dev.deberta4j.train;

import dev.deberta4j.model.LayerNorm;

import dev.deberta4j.concurrent.ThreadPool;

/**
 * nn.LayerNorm over the last dimension with its backward pass. Statistics are accumulated in double, like the
 * inference engine's LayerNorm; the forward pass returns what the backward pass needs (x̂ and 1/σ per row).
 */
final class TrainableLayerNorm {
    final Parameter weight;
    final Parameter bias;
    final int size;
    private final double eps;
    /** Rows per parallel task; fixed so that the gradient sums do not depend on the thread count. */
    private static final int ROWS_PER_CHUNK = 32;

    /** The output and the saved statistics of one application. */
    record Normalized(float[] y, float[] xhat, double[] rstd, int rows) {
    }

    TrainableLayerNorm(Parameter weight, Parameter bias, double eps) {
        this.weight = weight;
        this.bias = bias;
        this.size = weight.size();
        this.eps = (float) eps;   // torch holds eps as a float32 in the kernel
    }

    Normalized forward(float[] x, int rows) {
        float[] y = new float[rows * size];
        float[] xhat = new float[rows * size];
        double[] rstd = new double[rows];
        ThreadPool.shared().parallelFor(chunks(rows), (c0, c1) ->
                normaliseRows(x, y, xhat, rstd, c0 * ROWS_PER_CHUNK, Math.min(rows, c1 * ROWS_PER_CHUNK)));
        return new Normalized(y, xhat, rstd, rows);
    }

    private void normaliseRows(float[] x, float[] y, float[] xhat, double[] rstd, int from, int to) {
        float[] w = weight.data();
        float[] b = bias.data();
        for (int r = from; r < to; r++) {
            rstd[r] = LayerNorm.normaliseRow(x, r * size, size, (float) eps, w, b, xhat, y);
        }
    }

    /**
     * Accumulates dγ and dβ, returns dx = (1/σ)(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)) with dx̂ = dy·γ. Rows run in
     * parallel in fixed chunks; the chunks' dγ and dβ are summed in chunk order, so the result does not depend on
     * the number of threads.
     */
    float[] backward(Normalized saved, float[] dy) {
        int rows = saved.rows();
        int chunks = chunks(rows);
        float[] dx = new float[rows * size];
        float[][] partialW = new float[chunks][size];
        float[][] partialB = new float[chunks][size];
        ThreadPool.shared().parallelFor(chunks, (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                backwardRows(saved, dy, dx, partialW[c], partialB[c], c * ROWS_PER_CHUNK,
                        Math.min(rows, (c + 1) * ROWS_PER_CHUNK));
            }
        });
        float[] gw = weight.grad();
        float[] gb = bias.grad();
        for (int c = 0; c < chunks; c++) {
            for (int i = 0; i < size; i++) {
                gw[i] += partialW[c][i];
                gb[i] += partialB[c][i];
            }
        }
        return dx;
    }

    private void backwardRows(Normalized saved, float[] dy, float[] dx, float[] gw, float[] gb, int from, int to) {
        float[] w = weight.data();
        float[] xhat = saved.xhat();
        for (int r = from; r < to; r++) {
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
    }

    private static int chunks(int rows) {
        return (rows + ROWS_PER_CHUNK - 1) / ROWS_PER_CHUNK;
    }
}
