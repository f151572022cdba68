package dev.deberta4j.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The GEMM register tiles: C[rows x NR] (=|+=) Apanel[rows x kc] · Bpanel[kc x NR] with NR = two vectors and
 * rows = 8, 6 or 4, all reading A micro-panels packed MR rows apart.
 *
 * <p>The vector accumulators (2 per row) stay in registers for the whole k loop; each step loads two B vectors
 * and broadcasts one A scalar per row (2·rows FMAs per 2 loads + rows broadcasts). A and B come packed (see
 * {@link GemmPacking}): the A panel holds, for each p, the MR values of column p; the B panel holds, for each p,
 * the NR values of row p.
 *
 * <p>The k loops count p and index both panels from it (aOff + p·MR, bOff + p·NR): C2 then proves every A and B
 * index in range once before the loop. With two induction variables it could do that only for A, and each k step
 * checked its two B loads (a compare and branch each, and a register spill): on a Zen 4 the 256-bit kernel ran
 * 128x1536x384 at 98 GFLOPS instead of 85.
 *
 * <p>Vector width: 256 bits (8 floats, NR = 16) unless the JVM's preferred species is 512 bits (AVX-512, NR = 32),
 * which doubles the work per instruction on CPUs with full-width 512-bit FMA units and, with 8-row tiles, is as fast
 * as 256 bits on AMD's Zen 4, which splits them in two halves ({@link VectorWidth}).
 * {@code -Ddeberta4j.vectorBits=256|512|widest} forces a width.
 *
 * <p>Rows per full tile, MR: 8 where the CPU has AVX-512's 32 vector registers (the JVM prefers 512-bit vectors),
 * at either width: 16 accumulators + 2 B vectors + 1 broadcast; 16, 128 and 512 rows are whole tiles. On an EPYC
 * Zen 4 (one thread, loaded machine, best of 200+ products of 16 and 128 rows by 384/1536 columns) it ran 105-110
 * GFLOPS against 95-102 for 6 rows at 256 bits, 107-110 against 99-103 at 512 bits. Else 6 (12 accumulators + 2 B
 * vectors + 1 broadcast fit AVX2's 16 ymm registers). {@code -Ddeberta4j.gemmRows=4|6|8} forces it; 4 is there to
 * measure on a CPU whose load ports or FMA units differ ({@code deberta4j-bench/scripts/gemm-vs-openblas.sh}
 * passes {@code DEBERTA4J_GEMM_ROWS} through). The rows a product's last tile has left over run on the 6- or
 * 4-row tile when they are exactly that many, else on a scratch tile. Every tile computes each output with the
 * same operations in the same order, so results do not depend on MR.
 */
final class MicroKernel {
    /** The vector width and why ({@link VectorWidth}). */
    static final VectorWidth.Choice CHOICE = VectorWidth.detect(FloatVector.SPECIES_PREFERRED.vectorBitSize());
    static final VectorSpecies<Float> SPECIES = chooseSpecies();
    private static final int L = SPECIES.length();
    /** Rows of a full tile and the stride of packed A micro-panels: 8, 6 or 4 (see the class comment). */
    static final int MR = chooseRows(FloatVector.SPECIES_PREFERRED.vectorBitSize());
    static final int NR = 2 * L;

    /** Accumulators start at zero. */
    static final int INIT_ZERO = 0;
    /** Accumulators start from the current C tile (accumulate, or a later k block). */
    static final int INIT_LOAD_C = 1;
    /** Accumulators start from bias[biasOff .. biasOff + NR) in every row. */
    static final int INIT_BIAS = 2;
    /** NR zeros: the start of every row when the tile starts at zero (read with row stride 0). */
    static final float[] ZEROS = new float[NR];

    private MicroKernel() {}

    private static VectorSpecies<Float> chooseSpecies() {
        return CHOICE.bits() == 512 ? FloatVector.SPECIES_512 : FloatVector.SPECIES_256;
    }

    private static int chooseRows(int preferredBits) {
        String forced = System.getProperty("deberta4j.gemmRows");
        if (forced == null) {
            return preferredBits >= 512 ? 8 : 6;
        }
        return switch (forced.trim()) {
            case "4" -> 4;
            case "6" -> 6;
            case "8" -> 8;
            default -> throw new IllegalArgumentException(
                    "system property deberta4j.gemmRows must be 4, 6 or 8, found '" + forced + "'");
        };
    }

    /**
     * A tile of {@code rows} (8, 6 or 4, at most MR) x NR at c[cOff + i*ldc + j], accumulators starting from
     * init[initOff + i*initStride + j]: the kernel of that many rows.
     */
    static void tile(int rows, int kc, float[] a, int aOff, float[] b, int bOff,
                     float[] c, int cOff, int ldc, float[] init, int initOff, int initStride) {
        if (ColdTiles.take()) {
            ColdTiles.tile(rows, kc, a, aOff, b, bOff, c, cOff, ldc, init, initOff, initStride);
        } else if (rows == 8) {
            tile8(kc, a, aOff, b, bOff, c, cOff, ldc, init, initOff, initStride);
        } else if (rows == 6) {
            tile6(kc, a, aOff, b, bOff, c, cOff, ldc, init, initOff, initStride);
        } else {
            tile4(kc, a, aOff, b, bOff, c, cOff, ldc, init, initOff, initStride);
        }
    }

    /** Rows of the smallest tile kernel that covers {@code rows} (1..MR). */
    static int kernelRows(int rows) {
        return rows <= 4 ? 4 : rows <= 6 ? 6 : 8;
    }

    /**
     * 8 x NR tile at c[cOff + i*ldc + j] (needs MR = 8); accumulators start as in {@link #tile6}.
     */
    static void tile8(int kc, float[] a, int aOff, float[] b, int bOff,
                      float[] c, int cOff, int ldc, float[] init, int initOff, int initStride) {
        int s0 = initOff, s1 = s0 + initStride, s2 = s1 + initStride, s3 = s2 + initStride, s4 = s3 + initStride,
                s5 = s4 + initStride, s6 = s5 + initStride, s7 = s6 + initStride;
        FloatVector c00 = FloatVector.fromArray(SPECIES, init, s0), c01 = FloatVector.fromArray(SPECIES, init, s0 + L);
        FloatVector c10 = FloatVector.fromArray(SPECIES, init, s1), c11 = FloatVector.fromArray(SPECIES, init, s1 + L);
        FloatVector c20 = FloatVector.fromArray(SPECIES, init, s2), c21 = FloatVector.fromArray(SPECIES, init, s2 + L);
        FloatVector c30 = FloatVector.fromArray(SPECIES, init, s3), c31 = FloatVector.fromArray(SPECIES, init, s3 + L);
        FloatVector c40 = FloatVector.fromArray(SPECIES, init, s4), c41 = FloatVector.fromArray(SPECIES, init, s4 + L);
        FloatVector c50 = FloatVector.fromArray(SPECIES, init, s5), c51 = FloatVector.fromArray(SPECIES, init, s5 + L);
        FloatVector c60 = FloatVector.fromArray(SPECIES, init, s6), c61 = FloatVector.fromArray(SPECIES, init, s6 + L);
        FloatVector c70 = FloatVector.fromArray(SPECIES, init, s7), c71 = FloatVector.fromArray(SPECIES, init, s7 + L);
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * MR;
            int bi = bOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + L);
            FloatVector a0 = FloatVector.broadcast(SPECIES, a[ai]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(SPECIES, a[ai + 1]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(SPECIES, a[ai + 2]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(SPECIES, a[ai + 3]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(SPECIES, a[ai + 4]);
            c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(SPECIES, a[ai + 5]);
            c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(SPECIES, a[ai + 6]);
            c60 = a6.fma(b0, c60); c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(SPECIES, a[ai + 7]);
            c70 = a7.fma(b0, c70); c71 = a7.fma(b1, c71);
        }
        int r0 = cOff, r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc, r6 = r5 + ldc,
                r7 = r6 + ldc;
        c00.intoArray(c, r0); c01.intoArray(c, r0 + L);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + L);
        c40.intoArray(c, r4); c41.intoArray(c, r4 + L);
        c50.intoArray(c, r5); c51.intoArray(c, r5 + L);
        c60.intoArray(c, r6); c61.intoArray(c, r6 + L);
        c70.intoArray(c, r7); c71.intoArray(c, r7 + L);
    }

    /**
     * 6 x NR tile at c[cOff + i*ldc + j] (needs MR >= 6); the accumulators start from
     * init[initOff + i*initStride + j] (C itself to accumulate, a bias row with stride 0, or {@link #ZEROS} with stride 0). The kernel has no
     * branch on how it starts: a C2-compiled kernel that meets a branch its profile never saw is deoptimised, and
     * until C2 compiles it again the Vector API runs through its boxed fallback, some 50 times slower.
     */
    static void tile6(int kc, float[] a, int aOff, float[] b, int bOff,
                      float[] c, int cOff, int ldc, float[] init, int initOff, int initStride) {
        int s0 = initOff, s1 = s0 + initStride, s2 = s1 + initStride, s3 = s2 + initStride, s4 = s3 + initStride,
                s5 = s4 + initStride;
        FloatVector c00 = FloatVector.fromArray(SPECIES, init, s0), c01 = FloatVector.fromArray(SPECIES, init, s0 + L);
        FloatVector c10 = FloatVector.fromArray(SPECIES, init, s1), c11 = FloatVector.fromArray(SPECIES, init, s1 + L);
        FloatVector c20 = FloatVector.fromArray(SPECIES, init, s2), c21 = FloatVector.fromArray(SPECIES, init, s2 + L);
        FloatVector c30 = FloatVector.fromArray(SPECIES, init, s3), c31 = FloatVector.fromArray(SPECIES, init, s3 + L);
        FloatVector c40 = FloatVector.fromArray(SPECIES, init, s4), c41 = FloatVector.fromArray(SPECIES, init, s4 + L);
        FloatVector c50 = FloatVector.fromArray(SPECIES, init, s5), c51 = FloatVector.fromArray(SPECIES, init, s5 + L);
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * MR;
            int bi = bOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + L);
            FloatVector a0 = FloatVector.broadcast(SPECIES, a[ai]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(SPECIES, a[ai + 1]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(SPECIES, a[ai + 2]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(SPECIES, a[ai + 3]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(SPECIES, a[ai + 4]);
            c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(SPECIES, a[ai + 5]);
            c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51);
        }
        int r0 = cOff, r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc;
        c00.intoArray(c, r0); c01.intoArray(c, r0 + L);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + L);
        c40.intoArray(c, r4); c41.intoArray(c, r4 + L);
        c50.intoArray(c, r5); c51.intoArray(c, r5 + L);
    }

    /**
     * 4 x NR tile: the first four rows of {@link #tile6}, for the last rows of a product (16 rows with MR = 6 are
     * tiles of 6, 6 and 4) and the full tile when MR = 4.
     */
    static void tile4(int kc, float[] a, int aOff, float[] b, int bOff,
                      float[] c, int cOff, int ldc, float[] init, int initOff, int initStride) {
        int s0 = initOff, s1 = s0 + initStride, s2 = s1 + initStride, s3 = s2 + initStride;
        FloatVector c00 = FloatVector.fromArray(SPECIES, init, s0), c01 = FloatVector.fromArray(SPECIES, init, s0 + L);
        FloatVector c10 = FloatVector.fromArray(SPECIES, init, s1), c11 = FloatVector.fromArray(SPECIES, init, s1 + L);
        FloatVector c20 = FloatVector.fromArray(SPECIES, init, s2), c21 = FloatVector.fromArray(SPECIES, init, s2 + L);
        FloatVector c30 = FloatVector.fromArray(SPECIES, init, s3), c31 = FloatVector.fromArray(SPECIES, init, s3 + L);
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * MR;
            int bi = bOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + L);
            FloatVector a0 = FloatVector.broadcast(SPECIES, a[ai]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(SPECIES, a[ai + 1]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(SPECIES, a[ai + 2]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(SPECIES, a[ai + 3]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
        }
        int r0 = cOff, r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
        c00.intoArray(c, r0); c01.intoArray(c, r0 + L);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + L);
    }
}
