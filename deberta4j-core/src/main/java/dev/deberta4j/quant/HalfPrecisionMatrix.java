package dev.deberta4j.quant;

/**
 * W[rows][cols] as 16-bit floats, exactly as a float16 or bfloat16 checkpoint stores them, held in panel order
 * (see {@link QuantizedLinear}); widening to float32 is exact, so the products differ from float32 ones only by
 * the weights' rounding.
 */
public abstract sealed class HalfPrecisionMatrix extends QuantizedLinear permits Float16Matrix, BFloat16Matrix {
    /** The stored bits in panel order. */
    final short[] bits;

    /** Takes stored bits (copied into panel order), rows x cols row-major. */
    HalfPrecisionMatrix(short[] bits, int rows, int cols) {
        super(rows, cols);
        if (bits.length != (long) rows * cols) {
            throw new IllegalArgumentException("16-bit matrix " + rows + "x" + cols + " needs " + (long) rows * cols
                    + " values, found " + bits.length);
        }
        this.bits = new short[bits.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) this.bits[panelIndex(rows, cols, r, c)] = bits[r * cols + c];
        }
    }

    /** One stored value as float32. */
    abstract float widen(short v);

    /** The stored bits in row-major order, as a checkpoint holds them (a copy). */
    public short[] values() {
        short[] rowMajor = new short[bits.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) rowMajor[r * cols + c] = bits[panelIndex(rows, cols, r, c)];
        }
        return rowMajor;
    }

    @Override
    public long bytes() {
        return (long) bits.length * Short.BYTES;
    }

    /** A narrower last panel, value by value, zero past its width. */
    final void widenPartialPanel(int panel, int k0, int kc, float[] dst, int dstOff) {
        int width = panelWidth(panel);
        int src = panel * NR * cols + k0 * width;
        for (int p = 0; p < kc; p++, src += width) {
            int d = dstOff + p * NR;
            for (int j = 0; j < NR; j++) dst[d + j] = j < width ? widen(bits[src + j]) : 0f;
        }
    }
}
