package dev.deberta4j.quant;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * W[rows][cols] as 16-bit floats, row-major, exactly as a float16 or bfloat16 checkpoint stores it; widening to
 * float32 is exact, so the products differ from float32 ones only by the weights' rounding. Each subclass writes
 * its widening out inside its dot loop (see {@link QuantizedInt8Matrix#dot} for why not in a helper).
 */
public abstract sealed class HalfPrecisionMatrix extends QuantizedLinear permits Float16Matrix, BFloat16Matrix {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    static final VectorSpecies<Short> S = ShortVector.SPECIES_128;
    static final VectorSpecies<Integer> I = IntVector.SPECIES_256;
    static final int L = F.length();

    final short[] bits;

    HalfPrecisionMatrix(short[] bits, int rows, int cols) {
        super(rows, cols);
        if (bits.length != (long) rows * cols) {
            throw new IllegalArgumentException("16-bit matrix " + rows + "x" + cols + " needs " + (long) rows * cols
                    + " values, found " + bits.length);
        }
        this.bits = bits;
    }

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

    /** The scalar tail of a dot product, from column c on. */
    final float tail(float[] x, int xOff, int base, int c) {
        float sum = 0;
        for (; c < cols; c++) sum += widen(bits[base + c]) * x[xOff + c];
        return sum;
    }
}
