package dev.deberta4j.kernels;

import static dev.deberta4j.kernels.MicroKernel.MR;
import static dev.deberta4j.kernels.MicroKernel.NR;

import java.util.Arrays;

/**
 * Copies blocks of op(A) and op(B) into the contiguous, zero-padded panel layouts that {@link MicroKernel} streams.
 *
 * <p>A block of rows [row0, row0+rows) x columns [k0, k0+kc) becomes ceil(rows/MR) micro-panels of kc*MR floats,
 * panel-local index p*MR + r. A block of op(B) rows [k0, k0+kc) x panels [panel0, panel1) of NR columns becomes one
 * kc*NR slab per panel, slab-local index p*NR + j. Padding rows/columns are zero so the kernel needs no edge cases.
 */
final class GemmPacking {
    private GemmPacking() {}

    /**
     * Whether a block of {@code rows} packs its last 8 rows as two 4-row micro-panels (each still MR floats per
     * k step): with MR = 6 and rows = 6q + 2 (q >= 1) that replaces a 6-row tile plus a 2-row scratch tile by
     * two 4-row tiles, with the same number of micro-panels.
     */
    static boolean splitsLastEight(int rows) {
        return MR == 6 && rows >= 8 && rows % 6 == 2;
    }

    /** The first row (from the block's start) of A micro-panel {@code panel} of a block of {@code rows}. */
    static int panelFirstRow(int rows, int panel) {
        return splitsLastEight(rows) && panel * MR > rows - 8 ? rows - 4 : panel * MR;
    }

    /** The rows A micro-panel {@code panel} of a block of {@code rows} holds. */
    static int panelRows(int rows, int panel) {
        return splitsLastEight(rows) && panel * MR >= rows - 8 ? 4 : Math.min(MR, rows - panel * MR);
    }

    /**
     * Packs op(A)[row0.., k0..] where op(A)(i, p) = transA ? a[aOff + p*lda + i] : a[aOff + i*lda + p]: micro-panels
     * of MR rows, the last 8 as two of 4 when {@link #splitsLastEight}.
     */
    static void packA(boolean transA, float[] a, int aOff, int lda, int row0, int rows, int k0, int kc, float[] dst) {
        for (int panel = 0; panel * MR < rows; panel++) {
            int base = panel * kc * MR;
            int first = row0 + panelFirstRow(rows, panel);
            int valid = panelRows(rows, panel);
            if (transA) {
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (k0 + p) * lda + first;
                    int d = base + p * MR;
                    for (int r = 0; r < valid; r++) {
                        dst[d + r] = a[src + r];
                    }
                    for (int r = valid; r < MR; r++) {
                        dst[d + r] = 0f;
                    }
                }
            } else {
                for (int r = 0; r < MR; r++) {
                    if (r < valid) {
                        int src = aOff + (first + r) * lda + k0;
                        for (int p = 0; p < kc; p++) {
                            dst[base + p * MR + r] = a[src + p];
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            dst[base + p * MR + r] = 0f;
                        }
                    }
                }
            }
        }
    }

    /**
     * Packs op(B) rows [k0, k0+kc) of the NR-column panels [panel0, panel1) into dst starting at dstOff, one slab
     * of kc*NR floats per panel; op(B)(p, j) = transB ? b[bOff + j*ldb + p] : b[bOff + p*ldb + j], n columns in all.
     */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int n, int k0, int kc,
                      int panel0, int panel1, float[] dst, int dstOff) {
        for (int panel = panel0; panel < panel1; panel++) {
            int base = dstOff + (panel - panel0) * kc * NR;
            int col0 = panel * NR;
            int valid = Math.min(NR, n - col0);
            if (transB) {
                for (int j = 0; j < valid; j++) {
                    int src = bOff + (col0 + j) * ldb + k0;
                    for (int p = 0; p < kc; p++) {
                        dst[base + p * NR + j] = b[src + p];
                    }
                }
                if (valid < NR) {
                    for (int p = 0; p < kc; p++) {
                        Arrays.fill(dst, base + p * NR + valid, base + (p + 1) * NR, 0f);
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (k0 + p) * ldb + col0;
                    int d = base + p * NR;
                    System.arraycopy(b, src, dst, d, valid);
                    if (valid < NR) {
                        Arrays.fill(dst, d + valid, d + NR, 0f);
                    }
                }
            }
        }
    }
}
