package dev.deberta4j.quant;

import dev.deberta4j.io.HalfPrecision;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * W[rows][cols] as 16-bit floats, IEEE binary16 (torch.float16) or bfloat16 (torch.bfloat16), exactly as a
 * checkpoint stores them, held in panel order (see {@link QuantizedLinear}); widening to float32 is exact, so the
 * products differ from float32 ones only by the weights' rounding. The two formats differ only in how a value
 * widens.
 */
public final class HalfPrecisionMatrix extends QuantizedLinear {
    /** Which 16-bit float the bits are. */
    public enum Format {
        /** IEEE binary16, torch.float16. */
        FLOAT16,
        /** bfloat16, torch.bfloat16: the top half of a float32. */
        BFLOAT16
    }

    private static final VectorSpecies<Short> S = L == 16 ? ShortVector.SPECIES_256 : ShortVector.SPECIES_128;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED.withShape(F.vectorShape());

    private final Format format;
    /** The stored bits in panel order. */
    private final short[] bits;

    /** Takes stored bits of the given format (copied into panel order), rows x cols row-major. */
    public HalfPrecisionMatrix(Format format, short[] bits, int rows, int cols) {
        super(rows, cols);
        if (bits.length != (long) rows * cols) {
            throw new IllegalArgumentException("16-bit matrix " + rows + "x" + cols + " needs " + (long) rows * cols
                    + " values, found " + bits.length);
        }
        this.format = format;
        this.bits = new short[bits.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) this.bits[panelIndex(rows, cols, r, c)] = bits[r * cols + c];
        }
    }

    /** Rounds float32 row-major values to the format, nearest-even, as torch's {@code .half()}/{@code .bfloat16()}. */
    public static HalfPrecisionMatrix round(Format format, float[] w, int rows, int cols) {
        short[] bits = new short[w.length];
        for (int i = 0; i < w.length; i++) {
            bits[i] = format == Format.FLOAT16 ? HalfPrecision.floatToF16(w[i]) : HalfPrecision.floatToBf16(w[i]);
        }
        return new HalfPrecisionMatrix(format, bits, rows, cols);
    }

    public Format format() {
        return format;
    }

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

    /**
     * A full panel's slab is contiguous. float16: a plain loop over {@link Float#float16ToFloat}, which the JIT
     * compiles to the hardware conversion (F16C vcvtph2ps), cheaper than emulating it in integer lanes. bfloat16 is
     * float32's top half, so each vector is a widening to 32-bit lanes and a shift (the scalar loop is not vectorised
     * by the JIT).
     */
    @Override
    public void widenPanel(int panel, int k0, int kc, float[] dst, int dstOff) {
        if (panelWidth(panel) < NR) {
            widenPartialPanel(panel, k0, kc, dst, dstOff);
            return;
        }
        int src = panel * NR * cols + k0 * NR;
        if (format == Format.FLOAT16) {
            for (int i = 0; i < kc * NR; i++) dst[dstOff + i] = Float.float16ToFloat(bits[src + i]);
        } else {
            for (int i = 0; i < kc * NR; i += L) {
                ((IntVector) ShortVector.fromArray(S, bits, src + i).convertShape(VectorOperators.S2I, I, 0))
                        .lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().intoArray(dst, dstOff + i);
            }
        }
    }

    /** A narrower last panel, value by value, zero past its width. */
    private void widenPartialPanel(int panel, int k0, int kc, float[] dst, int dstOff) {
        int width = panelWidth(panel);
        int src = panel * NR * cols + k0 * width;
        for (int p = 0; p < kc; p++, src += width) {
            int d = dstOff + p * NR;
            for (int j = 0; j < NR; j++) dst[d + j] = j < width ? widen(bits[src + j]) : 0f;
        }
    }

    /** One stored value as float32. */
    private float widen(short v) {
        return format == Format.FLOAT16 ? HalfPrecision.f16ToFloat(v) : HalfPrecision.bf16ToFloat(v);
    }
}
