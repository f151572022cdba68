package dev.deberta4j.kernels;

import static dev.deberta4j.kernels.MicroKernel.NR;

/**
 * A weight matrix W[rows = out][cols = in] (PyTorch nn.Linear layout) packed once for {@link Gemm#linear}.
 *
 * <p>Holds Wᵀ (in x out) as ceil(rows/NR) column panels, each the whole k = cols range of NR output columns:
 * panel j, row p, column jj lives at {@code j*cols*NR + p*NR + jj} (zero beyond the last output). The k blocks the
 * kernel walks are therefore slices of a panel. Immutable and thread-safe.
 */
public final class PackedMatrix {
    private final int rows;
    private final int cols;
    private final float[] panels;
    private final int offset;   // where panel 0 starts in panels: non-zero for a view made by rowsFrom

    private PackedMatrix(int rows, int cols, float[] panels, int offset) {
        this.rows = rows;
        this.cols = cols;
        this.panels = panels;
        this.offset = offset;
    }

    /** Packs the row-major rows x cols matrix that starts at w[offset]. */
    public static PackedMatrix pack(float[] w, int offset, int rows, int cols) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("PackedMatrix dimensions must be >= 1, found rows=" + rows
                    + " cols=" + cols);
        }
        long needed = (long) rows * cols;
        if (offset < 0 || offset + needed > w.length) {
            throw new IllegalArgumentException("PackedMatrix source too short: rows=" + rows + " cols=" + cols
                    + " from offset " + offset + " needs " + (offset + needed) + " floats, array has " + w.length);
        }
        int panelCount = panelCount(rows);
        long size = (long) panelCount * NR * cols;
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("PackedMatrix too large: rows=" + rows + " cols=" + cols);
        }
        float[] panels = new float[(int) size];
        GemmPacking.packB(true, w, offset, cols, rows, 0, cols, 0, panelCount, panels, 0);
        return new PackedMatrix(rows, cols, panels, 0);
    }

    /**
     * Packs rows [panel0·NR, panel1·NR) of the row-major rows x cols matrix at w[offset] with leading dimension ld
     * into {@link #pack}'s panel layout, panel panel0 at dst[dstOff] (rows past {@code rows} zero): for tables that
     * are packed piece by piece, multiplied with {@link Gemm#matmulPanels}.
     */
    public static void packPanels(float[] w, int offset, int ld, int rows, int cols, int panel0, int panel1,
                                  float[] dst, int dstOff) {
        GemmPacking.packB(true, w, offset, ld, rows, 0, cols, panel0, panel1, dst, dstOff);
    }

    /**
     * Rows [from, from + count) of W as a matrix of their own that shares these panels (no copy): from must start a
     * panel (a multiple of NR), and the view's last panel reads this matrix's rows past from + count, so they must be
     * zero for the view to be W's rows alone (as they are when the stacked parts were padded to whole panels).
     */
    public PackedMatrix rowsFrom(int from, int count) {
        if (from < 0 || count < 1 || from + count > rows || from % NR != 0) {
            throw new IllegalArgumentException("PackedMatrix rows [" + from + ", " + (from + count) + ") of " + rows
                    + ": the view must start at a multiple of " + NR + " and lie inside the matrix");
        }
        return new PackedMatrix(count, cols, panels, offset + from * cols);
    }

    /** Output features (W's rows). */
    public int rows() {
        return rows;
    }

    /** Input features (W's columns). */
    public int cols() {
        return cols;
    }

    static int panelCount(int rows) {
        return (rows + NR - 1) / NR;
    }

    /** The packed panels (read-only by contract); panel 0 starts at {@link #offset()}. */
    float[] panels() {
        return panels;
    }

    int offset() {
        return offset;
    }
}
