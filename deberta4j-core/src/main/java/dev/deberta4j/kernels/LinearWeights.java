package dev.deberta4j.kernels;

/**
 * The weight of an nn.Linear as inference uses it: y[m, out] = x[m, in] · Wᵀ (+ bias). Implementations keep W in
 * whatever form their kernel computes on directly: packed float32 panels, or quantized blocks.
 */
public interface LinearWeights {
    /** Output features (rows of W). */
    int rows();

    /** Input features (columns of W). */
    int cols();

    /** y[m, rows] = x[m, cols] · Wᵀ + bias (bias may be null). */
    void linear(float[] x, int m, float[] bias, float[] y);

    /** Bytes the weights occupy in memory. */
    long bytes();

    /** Float32 weights, packed once for {@link Gemm}. */
    static LinearWeights dense(float[] w, int rows, int cols) {
        return packed(PackedMatrix.pack(w, 0, rows, cols));
    }

    /** Float32 weights already packed (or a view of some rows of a packed matrix, {@link PackedMatrix#rowsFrom}). */
    static LinearWeights packed(PackedMatrix packed) {
        return new LinearWeights() {
            @Override public int rows() { return packed.rows(); }

            @Override public int cols() { return packed.cols(); }

            @Override public void linear(float[] x, int m, float[] bias, float[] y) { Gemm.linear(x, m, packed, bias, y); }

            @Override public long bytes() { return (long) packed.rows() * packed.cols() * Float.BYTES; }
        };
    }
}
