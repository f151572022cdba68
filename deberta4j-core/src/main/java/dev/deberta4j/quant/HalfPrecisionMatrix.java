package dev.deberta4j.quant;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * W[rows][cols] as 16-bit floats, row-major, exactly as a float16 or bfloat16 checkpoint stores it; widening to
 * float32 is exact, so the products differ from float32 ones only by the weights' rounding.
 */
public abstract sealed class HalfPrecisionMatrix extends QuantizedLinear permits Float16Matrix, BFloat16Matrix {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    static final VectorSpecies<Short> S = ShortVector.SPECIES_128;
    private static final int L = F.length();

    final short[] bits;

    HalfPrecisionMatrix(short[] bits, int rows, int cols) {
        super(rows, cols);
        if (bits.length != (long) rows * cols) {
            throw new IllegalArgumentException("16-bit matrix " + rows + "x" + cols + " needs " + (long) rows * cols
                    + " values, found " + bits.length);
        }
        this.bits = bits;
    }

    /** Eight stored values as float32 lanes. */
    abstract FloatVector widen(ShortVector v);

    /** One stored value as float32. */
    abstract float widen(short v);

    /** The stored bits (read-only by contract), row-major. */
    public short[] values() {
        return bits;
    }

    @Override
    public long bytes() {
        return (long) bits.length * Short.BYTES;
    }

    @Override
    final float dot(float[] x, int xOff, int row) {
        int base = row * cols;
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        int c = 0;
        for (; c <= cols - 4 * L; c += 4 * L) {
            a0 = widen(ShortVector.fromArray(S, bits, base + c)).fma(FloatVector.fromArray(F, x, xOff + c), a0);
            a1 = widen(ShortVector.fromArray(S, bits, base + c + L)).fma(FloatVector.fromArray(F, x, xOff + c + L), a1);
            a2 = widen(ShortVector.fromArray(S, bits, base + c + 2 * L))
                    .fma(FloatVector.fromArray(F, x, xOff + c + 2 * L), a2);
            a3 = widen(ShortVector.fromArray(S, bits, base + c + 3 * L))
                    .fma(FloatVector.fromArray(F, x, xOff + c + 3 * L), a3);
        }
        for (; c <= cols - L; c += L) {
            a0 = widen(ShortVector.fromArray(S, bits, base + c)).fma(FloatVector.fromArray(F, x, xOff + c), a0);
        }
        float sum = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        for (; c < cols; c++) sum += widen(bits[base + c]) * x[xOff + c];
        return sum;
    }

    @Override
    final void widenRow(int row, float[] dst, int dstOff) {
        for (int c = 0; c < cols; c++) dst[dstOff + c] = widen(bits[row * cols + c]);
    }
}
