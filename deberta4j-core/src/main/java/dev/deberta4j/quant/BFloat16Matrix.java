package dev.deberta4j.quant;

import dev.deberta4j.io.HalfPrecision;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/** W as bfloat16 (torch.bfloat16) values, the top half of float32; see {@link HalfPrecisionMatrix}. */
public final class BFloat16Matrix extends HalfPrecisionMatrix {
    /** Wraps stored bfloat16 bits (not copied), rows x cols row-major. */
    public BFloat16Matrix(short[] bits, int rows, int cols) {
        super(bits, rows, cols);
    }

    /** Rounds a float32 row-major matrix to bfloat16, nearest-even, as torch's {@code .bfloat16()}. */
    public static BFloat16Matrix round(float[] w, int rows, int cols) {
        short[] bits = new short[w.length];
        for (int i = 0; i < w.length; i++) bits[i] = HalfPrecision.floatToBf16(w[i]);
        return new BFloat16Matrix(bits, rows, cols);
    }

    @Override
    float dot(float[] x, int xOff, int row) {
        int base = row * cols;
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = a0;
        int c = 0;
        for (; c <= cols - 2 * L; c += 2 * L) {
            FloatVector w0 = ((IntVector) ShortVector.fromArray(S, bits, base + c).convertShape(VectorOperators.S2I, I, 0))
                    .lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector w1 = ((IntVector) ShortVector.fromArray(S, bits, base + c + L)
                    .convertShape(VectorOperators.S2I, I, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            a0 = w0.fma(FloatVector.fromArray(F, x, xOff + c), a0);
            a1 = w1.fma(FloatVector.fromArray(F, x, xOff + c + L), a1);
        }
        return LaneSum.of(a0.add(a1)) + tail(x, xOff, base, c);
    }

    @Override
    void widenRow(int row, float[] dst, int dstOff) {
        int base = row * cols;
        int c = 0;
        for (; c <= cols - L; c += L) {
            ((IntVector) ShortVector.fromArray(S, bits, base + c).convertShape(VectorOperators.S2I, I, 0))
                    .lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().intoArray(dst, dstOff + c);
        }
        for (; c < cols; c++) dst[dstOff + c] = HalfPrecision.bf16ToFloat(bits[base + c]);
    }

    @Override
    float widen(short v) {
        return HalfPrecision.bf16ToFloat(v);
    }
}
