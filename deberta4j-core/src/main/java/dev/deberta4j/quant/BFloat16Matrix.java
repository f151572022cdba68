package dev.deberta4j.quant;

import dev.deberta4j.io.HalfPrecision;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** W as bfloat16 (torch.bfloat16) values, the top half of float32; see {@link HalfPrecisionMatrix}. */
public final class BFloat16Matrix extends HalfPrecisionMatrix {
    private static final VectorSpecies<Short> S = L == 16 ? ShortVector.SPECIES_256 : ShortVector.SPECIES_128;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED.withShape(F.vectorShape());

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

    /**
     * A full panel's slab is contiguous: bfloat16 is float32's top half, so each vector is a widening to 32-bit
     * lanes and a shift (the scalar loop is not vectorised by the JIT).
     */
    @Override
    public void widenPanel(int panel, int k0, int kc, float[] dst, int dstOff) {
        if (panelWidth(panel) < NR) {
            widenPartialPanel(panel, k0, kc, dst, dstOff);
            return;
        }
        int src = panel * NR * cols + k0 * NR;
        for (int i = 0; i < kc * NR; i += L) {
            ((IntVector) ShortVector.fromArray(S, bits, src + i).convertShape(VectorOperators.S2I, I, 0))
                    .lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().intoArray(dst, dstOff + i);
        }
    }

    @Override
    float widen(short v) {
        return HalfPrecision.bf16ToFloat(v);
    }
}
