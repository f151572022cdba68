package dev.deberta4j.quant;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * W[rows][cols] as 4-bit integers in groups of {@code groupSize} consecutive weights of a row, each group with its
 * own float32 scale (group-wise, symmetric): W[r][c] ≈ q · scale[r][c / groupSize], q in [-8, 7] stored as the
 * nibble q + 8.
 *
 * <p>Stored (files, {@link #packed()}): a row is cols / 2 bytes, group after group; within a group of G weights,
 * byte b holds weight b in its low nibble and weight b + G/2 in its high nibble.
 *
 * <p>In memory the nibbles are in panel order (see {@link QuantizedLinear}): in a full panel, input feature c is
 * NR/2 bytes whose low nibbles are outputs 0..NR/2-1 and high nibbles outputs NR/2..NR-1, so one byte vector
 * unpacks into the two float vectors of a panel row with a mask and a shift. The scales are in panel order too
 * (group g of a panel holds its w outputs' scales contiguously). A narrower last panel packs its nibbles in plain
 * sequence (low nibble first).
 */
public final class QuantizedInt4Matrix extends QuantizedLinear {
    /** Group sizes must be multiples of this. */
    public static final int GROUP_MULTIPLE = 16;

    /** The bytes behind one panel row: NR nibbles. */
    private static final VectorSpecies<Byte> B = L == 16 ? ByteVector.SPECIES_128 : ByteVector.SPECIES_64;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED.withShape(F.vectorShape());

    private final byte[] nibbles;
    private final float[] scales;
    private final int groupSize;
    private final int groupsPerRow;

    /** Takes stored values (copied into panel order): packed is rows x cols/2 bytes, scales rows x cols/groupSize. */
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
        this.nibbles = new byte[packed.length];
        this.scales = new float[scales.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) setNibble(nibbles, nibbleAt(r, c), storedNibble(packed, r, c));
            for (int g = 0; g < groupsPerRow; g++) {
                this.scales[panelIndex(rows, groupsPerRow, r, g)] = scales[r * groupsPerRow + g];
            }
        }
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

    /** The nibbles in the stored row-major layout, as a checkpoint holds them (a copy). */
    public byte[] packed() {
        byte[] stored = new byte[nibbles.length];
        int half = groupSize / 2;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int inGroup = c % groupSize;
                int at = (r * cols + c - inGroup) / 2 + inGroup % half;
                stored[at] |= (byte) (nibbleOf(nibbles, nibbleAt(r, c)) << (inGroup < half ? 0 : 4));
            }
        }
        return stored;
    }

    /** The group scales in the stored layout, rows x cols/groupSize (a copy). */
    public float[] scales() {
        float[] stored = new float[scales.length];
        for (int r = 0; r < rows; r++) {
            for (int g = 0; g < groupsPerRow; g++) stored[r * groupsPerRow + g] = scales[panelIndex(rows, groupsPerRow, r, g)];
        }
        return stored;
    }

    @Override
    public long bytes() {
        return nibbles.length + (long) scales.length * Float.BYTES;
    }

    /** The nibble of W[r][c] in a stored row-major array. */
    private int storedNibble(byte[] packed, int r, int c) {
        int half = groupSize / 2;
        int inGroup = c % groupSize;
        int b = packed[(r * cols + c - inGroup) / 2 + inGroup % half];
        return (inGroup < half ? b : b >> 4) & 0x0F;
    }

    /** Position of W[r][c] in panel order, as byte index · 2 + (1 for the high nibble). */
    private int nibbleAt(int r, int c) {
        int panel = r / NR;
        int j = r - panel * NR;
        if (panelWidth(panel) < NR) {
            return panelIndex(rows, cols, r, c);
        }
        int rowStart = panel * NR * cols + c * NR;      // in nibbles: NR per input feature
        return rowStart + (j < L ? 2 * j : 2 * (j - L) + 1);
    }

    private static int nibbleOf(byte[] a, int position) {
        return (a[position >> 1] >> ((position & 1) * 4)) & 0x0F;
    }

    private static void setNibble(byte[] a, int position, int value) {
        a[position >> 1] |= (byte) (value << ((position & 1) * 4));
    }

    /**
     * One group segment at a time (the scales change at group edges, never inside the vector loop). Nibble n
     * widens to (n - 8)·s computed as one fma n·s + (-8s), which rounds the exact product once, as (n - 8)·s does.
     * Both nibbles are taken out of 32-bit lanes (x86 has no byte shifts). The conversions are written out in the
     * loop: see {@link QuantizedInt8Matrix#widenPanel}.
     */
    @Override
    public void widenPanel(int panel, int k0, int kc, float[] dst, int dstOff) {
        int col0 = panel * NR;
        int width = panelWidth(panel);
        int scaleBase = col0 * groupsPerRow;
        if (width < NR) {
            for (int p = 0; p < kc; p++) {
                int c = k0 + p;
                int d = dstOff + p * NR;
                int scaleRow = scaleBase + c / groupSize * width;
                for (int j = 0; j < NR; j++) {
                    dst[d + j] = j < width
                            ? (nibbleOf(nibbles, col0 * cols + c * width + j) - 8) * scales[scaleRow + j] : 0f;
                }
            }
            return;
        }
        int byteBase = col0 * cols / 2;
        int end = k0 + kc;
        for (int c = k0, d = dstOff; c < end; ) {
            int g = c / groupSize;
            int segmentEnd = Math.min(end, (g + 1) * groupSize);
            FloatVector s0 = FloatVector.fromArray(F, scales, scaleBase + g * NR);
            FloatVector s1 = FloatVector.fromArray(F, scales, scaleBase + g * NR + L);
            FloatVector z0 = s0.mul(-8f);
            FloatVector z1 = s1.mul(-8f);
            for (; c < segmentEnd; c++, d += NR) {
                IntVector v = (IntVector) ByteVector.fromArray(B, nibbles, byteBase + c * L)
                        .convertShape(VectorOperators.B2I, I, 0);
                ((FloatVector) v.and(0x0F).convert(VectorOperators.I2F, 0)).fma(s0, z0).intoArray(dst, d);
                ((FloatVector) v.lanewise(VectorOperators.LSHR, 4).and(0x0F).convert(VectorOperators.I2F, 0))
                        .fma(s1, z1).intoArray(dst, d + L);
            }
        }
    }
}
