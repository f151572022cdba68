package dev.deberta4j.kernels;

import static dev.deberta4j.kernels.MicroKernel.MR;
import static dev.deberta4j.kernels.MicroKernel.NR;

import dev.deberta4j.kernels.Gemm.Operand;
import java.util.Arrays;

/**
 * The single-threaded blocked GEMM loop nest (BLIS order) over one share of C: rows [m0, m1) x column panels
 * [panel0, panel1).
 *
 * <pre>
 * for each chunk of NC_PANELS panels:       bounds the packed B slab (1-1.5 MB) whatever n is
 *   for each k block of KC:                B slab (KC x chunk) packed, or sliced from a PackedMatrix
 *     for each row block of MC:            A block packed into MC x KC micro-panels (stays in L2)
 *       for each NR panel:                 B micro-panel KC x NR (stays in L1; widened here from PanelWeights)
 *         for each MR micro-panel:         MR x NR register tile
 * </pre>
 *
 * <p>{@link PanelWeights} are widened one B micro-panel at a time, just before its tiles, into one L1-sized
 * buffer: the widened weights never leave L1, and each widening serves a whole row block (all rows of a sentence
 * at batch 1; 120 rows of larger inputs, where widening once per row block costs little next to the tiles).
 */
final class GemmBlocking {
    /**
     * k block: a KC x NR B micro-panel of 24 KB (256-bit vectors: KC = 384) or 32 KB (512-bit: KC = 256) plus an
     * MR x KC A micro-panel stay within L1. Longer k blocks mean fewer passes over C: on the Zen 5 here the 256-bit
     * kernel ran 4096x768x3072 at 89-92 GFLOPS with 384 against 84-89 with 256 (one thread, CPU time, load ~30).
     */
    static final int KC = NR == 16 ? 384 : 256;
    /** Row block: MC x KC packed A (120-180 KB) stays in L2. A multiple of MR. */
    static final int MC = 120;
    /** Column chunk in NR panels: 1024 columns, a KC x 1024 B slab of 1-1.5 MB. */
    static final int NC_PANELS = 1024 / NR;

    /** Per-thread packing buffers, sized once (the B slab grows to the largest share seen). */
    private static final class Workspace {
        final float[] a = new float[MC * KC];
        final float[] tile = new float[MR * NR];
        float[] b = new float[0];  // sized on first use: KC x 1.5·NC_PANELS·NR at most

        float[] b(int size) {
            if (b.length < size) {
                b = new float[size];
            }
            return b;
        }
    }

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private GemmBlocking() {}

    /**
     * C[m0..m1) x panels[panel0..panel1) = (accumulate ? C : bias or 0) + op(A)·op(B). Exactly one of
     * {@code packed} (panels in {@link PackedMatrix}'s layout from packedOff), {@code widened} and {@code b} is
     * non-null; k >= 1. Column panel p is written at C column p·NR from cOff.
     */
    static void run(Operand a, int m0, int m1, int k, float[] packed, int packedOff, PanelWeights widened, Operand b, int n,
                    int panel0, int panel1, float[] c, int cOff, int ldc, float[] bias, boolean accumulate) {
        if (m0 >= m1 || panel0 >= panel1) {
            return;
        }
        Workspace ws = WORKSPACE.get();
        int per = chunkPanels(panel1 - panel0);
        for (int chunk0 = panel0; chunk0 < panel1; chunk0 += per) {
            runChunk(ws, a, m0, m1, k, packed, packedOff, widened, b, n, chunk0, Math.min(panel1, chunk0 + per),
                    c, cOff, ldc, bias, accumulate);
        }
    }

    /**
     * Panels per column chunk: about NC_PANELS, in equal chunks, where a leftover under half a chunk joins the others
     * instead of becoming a chunk of its own. Each chunk packs A again, so the stacked q/k/v product of xsmall
     * (1,152 columns) runs as one chunk, not 1,024 + 128. The chunking never changes a result's bits.
     */
    static int chunkPanels(int panels) {
        int chunks = Math.max(1, (panels + NC_PANELS / 2) / NC_PANELS);
        return (panels + chunks - 1) / chunks;
    }

    private static void runChunk(Workspace ws, Operand a, int m0, int m1, int k, float[] packed, int packedOff,
                                 PanelWeights widened, Operand b, int n, int panel0, int panel1, float[] c, int cOff,
                                 int ldc, float[] bias, boolean accumulate) {
        for (int k0 = 0; k0 < k; k0 += KC) {
            int kc = Math.min(KC, k - k0);
            float[] bData;
            int bBase;
            int bPanelStride;
            if (packed != null) {
                bData = packed;
                bPanelStride = k * NR;
                bBase = packedOff + panel0 * bPanelStride + k0 * NR;
            } else if (widened != null) {
                bPanelStride = 0;         // each micro-panel is widened into the same buffer just before its tiles
                bData = ws.b(kc * NR);
                bBase = 0;
            } else {
                bPanelStride = kc * NR;
                bData = ws.b((panel1 - panel0) * bPanelStride);
                bBase = 0;
                GemmPacking.packB(b.transposed(), b.data(), b.offset(), b.ld(), n, k0, kc, panel0, panel1, bData, 0);
            }
            int init = k0 > 0 || accumulate ? MicroKernel.INIT_LOAD_C
                    : bias != null ? MicroKernel.INIT_BIAS : MicroKernel.INIT_ZERO;
            for (int i0 = m0; i0 < m1; i0 += MC) {
                int mc = Math.min(MC, m1 - i0);
                GemmPacking.packA(a.transposed(), a.data(), a.offset(), a.ld(), i0, mc, k0, kc, ws.a);
                for (int panel = panel0; panel < panel1; panel++) {
                    int bOff = bBase + (panel - panel0) * bPanelStride;
                    if (widened != null) {
                        widened.widenPanel(panel, k0, kc, bData, 0);
                    }
                    panelTiles(ws, mc, kc, bData, bOff, c, cOff + i0 * ldc, ldc, n, panel * NR, init, bias);
                }
            }
        }
    }

    /**
     * The tiles of one NR-column panel over mc packed rows, one per A micro-panel: a full-width panel whose micro-panel
     * holds exactly a kernel's rows (MR, or 4 or 6 left over; see {@link GemmPacking#splitsLastEight}) runs that
     * kernel on C directly, anything else an edge tile. Which of these a product takes depends only on its shape,
     * so {@link KernelWarmUp} takes each of them before the JIT compiles this loop: a compiled loop that meets a
     * branch its profile never saw is thrown away and runs interpreted until the JIT compiles it again.
     */
    private static void panelTiles(Workspace ws, int mc, int kc, float[] b, int bOff, float[] c, int cRow0, int ldc,
                                   int n, int col0, int init, float[] bias) {
        int cols = Math.min(NR, n - col0);
        float[] from = init == MicroKernel.INIT_LOAD_C ? c : init == MicroKernel.INIT_BIAS ? bias : MicroKernel.ZEROS;
        int fromStride = init == MicroKernel.INIT_LOAD_C ? ldc : 0;
        int fromCol = init == MicroKernel.INIT_LOAD_C ? cRow0 + col0 : init == MicroKernel.INIT_BIAS ? col0 : 0;
        for (int panel = 0; panel * MR < mc; panel++) {
            int ir = GemmPacking.panelFirstRow(mc, panel);
            int rows = GemmPacking.panelRows(mc, panel);
            int aOff = panel * kc * MR;
            if (cols == NR && MicroKernel.kernelRows(rows) == rows) {
                MicroKernel.tile(rows, kc, ws.a, aOff, b, bOff, c, cRow0 + ir * ldc + col0, ldc,
                        from, fromCol + ir * fromStride, fromStride);
            } else {
                edgeTile(ws.tile, rows, cols, kc, ws.a, aOff, b, bOff, c, cRow0 + ir * ldc + col0, ldc, init, bias,
                        col0);
            }
        }
    }

    /**
     * A tile cut by the matrix edge: computed in a scratch tile on the smallest kernel that covers its rows,
     * then the valid part copied out. The scratch starts as the tile's valid part of C or bias and zeros elsewhere
     * (whole-row copies: element loops here gave the JIT range-check predicates that failed on the next shape).
     */
    private static void edgeTile(float[] tile, int rows, int cols, int kc, float[] a, int aOff, float[] b, int bOff,
                                 float[] c, int cTile, int ldc, int init, float[] bias, int col0) {
        Arrays.fill(tile, 0f);
        if (init != MicroKernel.INIT_ZERO) {
            for (int i = 0; i < rows; i++) {
                if (init == MicroKernel.INIT_LOAD_C) {
                    System.arraycopy(c, cTile + i * ldc, tile, i * NR, cols);
                } else {
                    System.arraycopy(bias, col0, tile, i * NR, cols);
                }
            }
        }
        MicroKernel.tile(MicroKernel.kernelRows(rows), kc, a, aOff, b, bOff, tile, 0, NR, tile, 0, NR);
        for (int i = 0; i < rows; i++) {
            System.arraycopy(tile, i * NR, c, cTile + i * ldc, cols);
        }
    }
}
