package dev.deberta4j.quant;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * W[rows][cols] as signed 8-bit integers with one float32 scale per output row (per-output-channel, symmetric):
 * W[r][c] ≈ q[r][c] · scale[r], q in [-127, 127]. One byte per weight, held in panel order (see
 * {@link QuantizedLinear}); the per-row scales are contiguous within a panel, so one vector multiply per widened
 * vector applies them.
 */
public final class QuantizedInt8Matrix extends QuantizedLinear {
    /** The bytes behind one float vector. */
    private static final VectorSpecies<Byte> B = L == 16 ? ByteVector.SPECIES_128 : ByteVector.SPECIES_64;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED.withShape(F.vectorShape());

    private final byte[] q;
    private final float[] scales;

    /** Takes stored values (q is copied into panel order): q is rows x cols row-major, scales one per row. */
    public QuantizedInt8Matrix(byte[] q, float[] scales, int rows, int cols) {
        super(rows, cols);
        if (q.length != (long) rows * cols || scales.length != rows) {
            throw new IllegalArgumentException("int8 matrix " + rows + "x" + cols + " needs " + (long) rows * cols
                    + " values and " + rows + " scales, found " + q.length + " and " + scales.length);
        }
        this.q = new byte[q.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) this.q[panelIndex(rows, cols, r, c)] = q[r * cols + c];
        }
        this.scales = scales;
    }

    /** Quantizes a float32 row-major matrix: scale = max|row| / 127, q = round(w / scale). */
    public static QuantizedInt8Matrix quantize(float[] w, int rows, int cols) {
        byte[] q = new byte[rows * cols];
        float[] scales = new float[rows];
        for (int r = 0; r < rows; r++) {
            float max = 0;
            for (int c = 0; c < cols; c++) max = Math.max(max, Math.abs(w[r * cols + c]));
            float scale = max / 127f;
            scales[r] = scale;
            if (scale == 0f) continue;
            for (int c = 0; c < cols; c++) {
                q[r * cols + c] = (byte) Math.clamp(Math.round(w[r * cols + c] / scale), -127, 127);
            }
        }
        return new QuantizedInt8Matrix(q, scales, rows, cols);
    }

    /** The stored values in row-major order, as a checkpoint holds them (a copy). */
    public byte[] values() {
        byte[] rowMajor = new byte[q.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) rowMajor[r * cols + c] = q[panelIndex(rows, cols, r, c)];
        }
        return rowMajor;
    }

    /** The per-row scales (read-only by contract). */
    public float[] scales() {
        return scales;
    }

    @Override
    public long bytes() {
        return q.length + (long) scales.length * Float.BYTES;
    }

    /**
     * The conversion is written out in the loop rather than in a helper: a helper that returns a vector is not
     * always inlined (once compiled on its own it can be too big), and then every vector is boxed.
     */
    @Override
    public void widenPanel(int panel, int k0, int kc, float[] dst, int dstOff) {
        int col0 = panel * NR;
        int width = panelWidth(panel);
        int src = col0 * cols + k0 * width;
        if (width < NR) {
            for (int p = 0; p < kc; p++, src += width) {
                int d = dstOff + p * NR;
                for (int j = 0; j < NR; j++) dst[d + j] = j < width ? q[src + j] * scales[col0 + j] : 0f;
            }
            return;
        }
        FloatVector s0 = FloatVector.fromArray(F, scales, col0);
        FloatVector s1 = FloatVector.fromArray(F, scales, col0 + L);
        for (int p = 0, d = dstOff; p < kc; p++, src += NR, d += NR) {
            ((FloatVector) ByteVector.fromArray(B, q, src).convertShape(VectorOperators.B2I, I, 0)
                    .convert(VectorOperators.I2F, 0)).mul(s0).intoArray(dst, d);
            ((FloatVector) ByteVector.fromArray(B, q, src + L).convertShape(VectorOperators.B2I, I, 0)
                    .convert(VectorOperators.I2F, 0)).mul(s1).intoArray(dst, d + L);
        }
    }
}
