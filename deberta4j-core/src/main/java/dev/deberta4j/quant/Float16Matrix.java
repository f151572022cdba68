package dev.deberta4j.quant;

import dev.deberta4j.io.HalfPrecision;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/** W as IEEE binary16 (torch.float16) values; see {@link HalfPrecisionMatrix}. */
public final class Float16Matrix extends HalfPrecisionMatrix {
    /** 2^112 rebiases a binary16 exponent (bias 15) shifted into float32 position to float32's bias 127. */
    private static final float REBIAS = 0x1p112f;

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

    /**
     * Exact binary16 to float32 in integer lanes: exponent and mantissa shifted into place and scaled by 2^112
     * (which also normalises subnormals), infinities and NaNs given the all-ones exponent, then the sign.
     */
    @Override
    FloatVector widen(ShortVector v) {
        IntVector h = (IntVector) v.convertShape(VectorOperators.S2I, IntVector.SPECIES_256, 0);
        IntVector magnitude = h.and(0x7FFF).lanewise(VectorOperators.LSHL, 13);
        IntVector finite = magnitude.reinterpretAsFloats().mul(REBIAS).reinterpretAsInts();
        VectorMask<Integer> special = h.and(0x7C00).eq(0x7C00);
        IntVector bits = finite.blend(magnitude.or(0x7F800000), special);
        return bits.or(h.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats();
    }

    @Override
    float widen(short v) {
        return HalfPrecision.f16ToFloat(v);
    }
}
