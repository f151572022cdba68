package dev.deberta4j.quant;

import dev.deberta4j.kernels.Gemm;
import dev.deberta4j.kernels.LinearWeights;
import dev.deberta4j.kernels.PanelWeights;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * What every compact weight form shares: the stored values are kept in the GEMM's panel order (see
 * {@link #panelIndex}), and products run on the float32 GEMM kernel, which asks each form to widen one KC x NR
 * slab of a panel at a time ({@link #widenPanel}) into an L1-sized buffer; no form ever widens its whole matrix.
 * With all input rows in one row block (a sentence at batch 1) every widened slab serves all of them straight
 * away; with more rows a slab of up to 1024 output features is widened per k block and reused by every row block.
 *
 * <p>Panel order: the outputs are cut into panels of NR = {@link Gemm#panelWidth()} rows of W (the last one
 * narrower when NR does not divide them), stored one after another; within a panel of width w, input feature c
 * holds its w weights contiguously. Widening a slab therefore reads contiguous memory and writes whole vectors.
 * The order depends on the vector width the JVM runs with, so it is built when a matrix is created and the files
 * keep the row-major form ({@link QuantizedInt8Matrix#values()} and the like convert back).
 */
abstract sealed class QuantizedLinear implements LinearWeights, PanelWeights
        permits QuantizedInt8Matrix, QuantizedInt4Matrix, HalfPrecisionMatrix {
    /** Panel width: two vectors of {@link #F}. */
    static final int NR = Gemm.panelWidth();
    /** The float species of the GEMM kernel, whose panels the forms widen into. */
    static final VectorSpecies<Float> F = NR == 2 * FloatVector.SPECIES_512.length()
            ? FloatVector.SPECIES_512 : FloatVector.SPECIES_256;
    /** Lanes per float vector: half a panel row. */
    static final int L = F.length();

    final int rows;
    final int cols;

    QuantizedLinear(int rows, int cols) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("matrix dimensions must be >= 1, found rows=" + rows + " cols=" + cols);
        }
        this.rows = rows;
        this.cols = cols;
    }

    /**
     * Where W[o][c] of a rows x cols matrix lives in panel order: panel o / NR starts at (o / NR)·NR·cols, and
     * within it input feature c holds the panel's w outputs at c·w.
     */
    static int panelIndex(int rows, int cols, int o, int c) {
        int panel = o / NR;
        int width = Math.min(NR, rows - panel * NR);
        return panel * NR * cols + c * width + (o - panel * NR);
    }

    /** Output features in panel {@code panel}: NR except in a last, narrower one. */
    final int panelWidth(int panel) {
        return Math.min(NR, rows - panel * NR);
    }

    @Override
    public final int rows() {
        return rows;
    }

    @Override
    public final int cols() {
        return cols;
    }

    /** W as a float32 row-major array (for tests and accuracy reports; the kernels never do this). */
    public final float[] toFloat() {
        float[] w = new float[rows * cols];
        float[] slab = new float[cols * NR];
        for (int panel = 0; panel * NR < rows; panel++) {
            widenPanel(panel, 0, cols, slab, 0);
            for (int j = 0; j < panelWidth(panel); j++) {
                int row = (panel * NR + j) * cols;
                for (int c = 0; c < cols; c++) w[row + c] = slab[c * NR + j];
            }
        }
        return w;
    }

    @Override
    public final void linear(float[] x, int m, float[] bias, float[] y) {
        Gemm.linear(x, m, this, bias, y);
    }
}
