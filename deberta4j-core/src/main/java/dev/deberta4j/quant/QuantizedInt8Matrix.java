package dev.deberta4j.quant;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * W[rows][cols] as signed 8-bit integers with one float32 scale per output row (per-output-channel, symmetric):
 * W[r][c] ≈ q[r][c] · scale[r], q in [-127, 127]. Row-major, one byte per weight.
 */
public final class QuantizedInt8Matrix extends QuantizedLinear {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_64;
    private static final int L = F.length();

    private final byte[] q;
    private final float[] scales;

    /** Wraps stored values (not copied): q is rows x cols row-major, scales has one entry per row. */
    public QuantizedInt8Matrix(byte[] q, float[] scales, int rows, int cols) {
        super(rows, cols);
        if (q.length != (long) rows * cols || scales.length != rows) {
            throw new IllegalArgumentException("int8 matrix " + rows + "x" + cols + " needs " + (long) rows * cols
                    + " values and " + rows + " scales, found " + q.length + " and " + scales.length);
        }
        this.q = q;
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

    /** The stored values (read-only by contract), row-major. */
    public byte[] values() {
        return q;
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
     * The conversions are written out in the loop rather than in a helper: a helper that returns a vector is not
     * always inlined (once compiled on its own it can be too big), and then every vector is boxed.
     */
    @Override
    float dot(float[] x, int xOff, int row) {
        int base = row * cols;
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = a0;
        int c = 0;
        for (; c <= cols - 2 * L; c += 2 * L) {
            FloatVector w0 = (FloatVector) ByteVector.fromArray(B, q, base + c).convertShape(VectorOperators.B2F, F, 0);
            FloatVector w1 = (FloatVector) ByteVector.fromArray(B, q, base + c + L)
                    .convertShape(VectorOperators.B2F, F, 0);
            a0 = w0.fma(FloatVector.fromArray(F, x, xOff + c), a0);
            a1 = w1.fma(FloatVector.fromArray(F, x, xOff + c + L), a1);
        }
        float sum = LaneSum.of(a0.add(a1));
        for (; c < cols; c++) sum += q[base + c] * x[xOff + c];
        return sum * scales[row];
    }

    @Override
    void widenRow(int row, float[] dst, int dstOff) {
        float scale = scales[row];
        FloatVector s = FloatVector.broadcast(F, scale);
        int base = row * cols;
        int c = 0;
        for (; c <= cols - L; c += L) {
            ((FloatVector) ByteVector.fromArray(B, q, base + c).convertShape(VectorOperators.B2F, F, 0)).mul(s)
                    .intoArray(dst, dstOff + c);
        }
        for (; c < cols; c++) dst[dstOff + c] = q[base + c] * scale;
    }
}
