package dev.deberta4j.quant;

import dev.deberta4j.io.HalfPrecision;

/** W as IEEE binary16 (torch.float16) values; see {@link HalfPrecisionMatrix}. */
public final class Float16Matrix extends HalfPrecisionMatrix {
    /** Takes stored binary16 bits (copied into panel order), rows x cols row-major. */
    public Float16Matrix(short[] bits, int rows, int cols) {
        super(bits, rows, cols);
    }

    /** Rounds a float32 row-major matrix to binary16, nearest-even, as torch's {@code .half()}. */
    public static Float16Matrix round(float[] w, int rows, int cols) {
        short[] bits = new short[w.length];
        for (int i = 0; i < w.length; i++) bits[i] = HalfPrecision.floatToF16(w[i]);
        return new Float16Matrix(bits, rows, cols);
    }

    /**
     * A full panel's slab is contiguous: a plain loop over {@link Float#float16ToFloat}, which the JIT compiles to
     * the hardware conversion (F16C vcvtph2ps), cheaper than emulating it in integer lanes.
     */
    @Override
    public void widenPanel(int panel, int k0, int kc, float[] dst, int dstOff) {
        if (panelWidth(panel) < NR) {
            widenPartialPanel(panel, k0, kc, dst, dstOff);
            return;
        }
        int src = panel * NR * cols + k0 * NR;
        for (int i = 0; i < kc * NR; i++) dst[dstOff + i] = Float.float16ToFloat(bits[src + i]);
    }

    @Override
    float widen(short v) {
        return HalfPrecision.f16ToFloat(v);
    }
}
