package dev.deberta4j.kernels;

/**
 * A weight matrix W[rows = out][cols = in] kept in a compact form that writes the float32 panels of Wᵀ the GEMM
 * kernel consumes on demand, a slab at a time, so {@link Gemm#linear(float[], int, PanelWeights, float[], float[])}
 * never holds more than one slab per thread in float32. The panel layout is {@link PackedMatrix}'s: panel j covers
 * output features [j·NR, j·NR + NR) with NR = {@link Gemm#panelWidth()}.
 */
public interface PanelWeights {
    /** Output features (rows of W). */
    int rows();

    /** Input features (columns of W). */
    int cols();

    /**
     * Writes rows [k0, k0 + kc) of panel {@code panel} as float32: dst[dstOff + p·NR + j] = W[panel·NR + j][k0 + p]
     * for p < kc, j < NR, zero where panel·NR + j is past the last output feature.
     */
    void widenPanel(int panel, int k0, int kc, float[] dst, int dstOff);
}
