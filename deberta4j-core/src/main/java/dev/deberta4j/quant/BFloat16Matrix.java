package dev.deberta4j.quant;

import dev.deberta4j.io.HalfPrecision;

/** W as bfloat16 (torch.bfloat16) values, the top half of float32; see {@link HalfPrecisionMatrix}. */
public final class BFloat16Matrix extends HalfPrecisionMatrix {
    /** Takes stored bfloat16 bits (copied into panel order), rows x cols row-major. */
    public BFloat16Matrix(short[] bits, int rows, int cols) {
        super(bits, rows, cols);
    }

    /** Rounds a float32 row-major matrix to bfloat16, nearest-even, as torch's {@code .bfloat16()}. */
    public static BFloat16Matrix round(float[] w, int rows, int cols) {
        short[] bits = new short[w.length];
        for (int i = 0; i < w.length; i++) bits[i] = HalfPrecision.floatToBf16(w[i]);
        return new BFloat16Matrix(bits, rows, cols);
    }

    /** A full panel's slab is contiguous: a plain loop (bfloat16 is float32's top half), which the JIT vectorises. */
    @Override
    public void widenPanel(int panel, int k0, int kc, float[] dst, int dstOff) {
        if (panelWidth(panel) < NR) {
            widenPartialPanel(panel, k0, kc, dst, dstOff);
            return;
        }
        int src = panel * NR * cols + k0 * NR;
        for (int i = 0; i < kc * NR; i++) dst[dstOff + i] = Float.intBitsToFloat(bits[src + i] << 16);
    }

    @Override
    float widen(short v) {
        return HalfPrecision.bf16ToFloat(v);
    }
}
