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
    FloatVector widen(ShortVector v) {
        IntVector h = (IntVector) v.convertShape(VectorOperators.S2I, IntVector.SPECIES_256, 0);
        return h.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    @Override
    float widen(short v) {
        return HalfPrecision.bf16ToFloat(v);
    }
}
