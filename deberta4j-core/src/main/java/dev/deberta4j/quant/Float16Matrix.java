package dev.deberta4j.quant;

import dev.deberta4j.io.HalfPrecision;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** W as IEEE binary16 (torch.float16) values; see {@link HalfPrecisionMatrix}. */
public final class Float16Matrix extends HalfPrecisionMatrix {
    /** Wraps stored binary16 bits (not copied), rows x cols row-major. */
    public Float16Matrix(short[] bits, int rows, int cols) {
        super(bits, rows, cols);
    }

    /** Rounds a float32 row-major matrix to binary16, nearest-even, as torch's {@code .half()}. */
    public static Float16Matrix round(float[] w, int rows, int cols) {
        short[] bits = new short[w.length];
        for (int i = 0; i < w.length; i++) bits[i] = HalfPrecision.floatToF16(w[i]);
        return new Float16Matrix(bits, rows, cols);
    }

    /** Columns widened per step into the per-thread buffer (4 KiB of float32: stays in L1). */
    private static final int CHUNK = 1024;
    private static final ThreadLocal<float[]> WIDENED = ThreadLocal.withInitial(() -> new float[CHUNK]);

    /**
     * The row is widened a chunk at a time into an L1 buffer by a plain loop over {@link Float#float16ToFloat},
     * which the JIT compiles to the hardware conversion (F16C vcvtph2ps, eight values per instruction), then
     * multiplied in float32: cheaper than emulating the conversion in integer lanes.
     */
    @Override
    float dot(float[] x, int xOff, int row) {
        float[] w = WIDENED.get();
        int base = row * cols;
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = a0;
        float sum = 0;
        for (int c0 = 0; c0 < cols; c0 += CHUNK) {
            int n = Math.min(CHUNK, cols - c0);
            for (int i = 0; i < n; i++) w[i] = Float.float16ToFloat(bits[base + c0 + i]);
            int c = 0;
            for (; c <= n - 2 * L; c += 2 * L) {
                a0 = FloatVector.fromArray(F, w, c).fma(FloatVector.fromArray(F, x, xOff + c0 + c), a0);
                a1 = FloatVector.fromArray(F, w, c + L).fma(FloatVector.fromArray(F, x, xOff + c0 + c + L), a1);
            }
            for (; c < n; c++) sum += w[c] * x[xOff + c0 + c];
        }
        return LaneSum.of(a0.add(a1)) + sum;
    }

    /** A plain loop over {@link Float#float16ToFloat}: the JIT vectorises it with F16C. */
    @Override
    void widenRow(int row, float[] dst, int dstOff) {
        int base = row * cols;
        for (int c = 0; c < cols; c++) dst[dstOff + c] = Float.float16ToFloat(bits[base + c]);
    }

    @Override
    float widen(short v) {
        return HalfPrecision.f16ToFloat(v);
    }
}
