package dev.deberta4j.quant;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * W[rows][cols] as 4-bit integers in groups of {@code groupSize} consecutive weights of a row, each group with its
 * own float32 scale (group-wise, symmetric): W[r][c] ≈ q · scale[r][c / groupSize], q in [-8, 7] stored as the
 * nibble q + 8.
 *
 * <p>Packing: a row is cols / 2 bytes, group after group; within a group of G weights, byte b holds weight b in
 * its low nibble and weight b + G/2 in its high nibble. Eight consecutive bytes thus unpack into two runs of eight
 * consecutive weights, one vector each, with only a mask and a shift.
 */
public final class QuantizedInt4Matrix extends QuantizedLinear {
    /** Group sizes must be multiples of this (two 8-byte loads cover 16 weights). */
    public static final int GROUP_MULTIPLE = 16;

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_64;
    private static final int L = F.length();

    private final byte[] packed;
    private final float[] scales;
    private final int groupSize;
    private final int groupsPerRow;

    /** Wraps stored values (not copied): packed is rows x cols/2 bytes, scales rows x cols/groupSize. */
    public QuantizedInt4Matrix(byte[] packed, float[] scales, int rows, int cols, int groupSize) {
        super(rows, cols);
        requireGroupSize(groupSize, cols);
        this.groupSize = groupSize;
        this.groupsPerRow = cols / groupSize;
        if (packed.length != (long) rows * cols / 2 || scales.length != (long) rows * groupsPerRow) {
            throw new IllegalArgumentException("int4 matrix " + rows + "x" + cols + " in groups of " + groupSize
                    + " needs " + (long) rows * cols / 2 + " bytes and " + (long) rows * groupsPerRow
                    + " scales, found " + packed.length + " and " + scales.length);
        }
        this.packed = packed;
        this.scales = scales;
    }

    /** @throws IllegalArgumentException unless groupSize is a positive multiple of 16 that divides cols */
    public static void requireGroupSize(int groupSize, int cols) {
        if (groupSize < GROUP_MULTIPLE || groupSize % GROUP_MULTIPLE != 0 || cols % groupSize != 0) {
            throw new IllegalArgumentException("int4 group size must be a positive multiple of " + GROUP_MULTIPLE
                    + " that divides the " + cols + " input features, found " + groupSize);
        }
    }

    /** Quantizes a float32 row-major matrix: per group scale = max|w| / 7, q = round(w / scale). */
    public static QuantizedInt4Matrix quantize(float[] w, int rows, int cols, int groupSize) {
        requireGroupSize(groupSize, cols);
        int groups = cols / groupSize;
        int half = groupSize / 2;
        byte[] packed = new byte[rows * cols / 2];
        float[] scales = new float[rows * groups];
        for (int r = 0; r < rows; r++) {
            for (int g = 0; g < groups; g++) {
                int start = r * cols + g * groupSize;
                float max = 0;
                for (int i = 0; i < groupSize; i++) max = Math.max(max, Math.abs(w[start + i]));
                float scale = max / 7f;
                scales[r * groups + g] = scale;
                int out = (r * cols + g * groupSize) / 2;
                for (int b = 0; b < half; b++) {
                    int lo = nibble(w[start + b], scale);
                    int hi = nibble(w[start + half + b], scale);
                    packed[out + b] = (byte) (lo | hi << 4);
                }
            }
        }
        return new QuantizedInt4Matrix(packed, scales, rows, cols, groupSize);
    }

    private static int nibble(float w, float scale) {
        int q = scale == 0f ? 0 : Math.clamp(Math.round(w / scale), -8, 7);
        return q + 8;
    }

    public int groupSize() {
        return groupSize;
    }

    /** The packed nibbles (read-only by contract). */
    public byte[] packed() {
        return packed;
    }

    /** The group scales, rows x cols/groupSize (read-only by contract). */
    public float[] scales() {
        return scales;
    }

    @Override
    public long bytes() {
        return packed.length + (long) scales.length * Float.BYTES;
    }

    @Override
    float dot(float[] x, int xOff, int row) {
        int half = groupSize / 2;
        FloatVector acc = FloatVector.zero(F);
        for (int g = 0; g < groupsPerRow; g++) {
            int bytes = (row * cols + g * groupSize) / 2;
            int xs = xOff + g * groupSize;
            FloatVector lo = FloatVector.zero(F);
            FloatVector hi = lo;
            for (int b = 0; b < half; b += L) {
                // nibbles 0..15 to the floats -8..7, written out here: see QuantizedInt8Matrix.dot
                ByteVector v = ByteVector.fromArray(B, packed, bytes + b);
                FloatVector wLo = ((FloatVector) v.and((byte) 0x0F).convertShape(VectorOperators.B2F, F, 0)).sub(8f);
                FloatVector wHi = ((FloatVector) v.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0F)
                        .convertShape(VectorOperators.B2F, F, 0)).sub(8f);
                lo = wLo.fma(FloatVector.fromArray(F, x, xs + b), lo);
                hi = wHi.fma(FloatVector.fromArray(F, x, xs + half + b), hi);
            }
            acc = lo.add(hi).fma(FloatVector.broadcast(F, scales[row * groupsPerRow + g]), acc);
        }
        return LaneSum.of(acc);
    }

    @Override
    void widenRow(int row, float[] dst, int dstOff) {
        int half = groupSize / 2;
        for (int g = 0; g < groupsPerRow; g++) {
            FloatVector scale = FloatVector.broadcast(F, scales[row * groupsPerRow + g]);
            int bytes = (row * cols + g * groupSize) / 2;
            int out = dstOff + g * groupSize;
            for (int b = 0; b < half; b += L) {
                ByteVector v = ByteVector.fromArray(B, packed, bytes + b);
                ((FloatVector) v.and((byte) 0x0F).convertShape(VectorOperators.B2F, F, 0)).sub(8f).mul(scale)
                        .intoArray(dst, out + b);
                ((FloatVector) v.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0F)
                        .convertShape(VectorOperators.B2F, F, 0)).sub(8f).mul(scale).intoArray(dst, out + half + b);
            }
        }
    }
}
