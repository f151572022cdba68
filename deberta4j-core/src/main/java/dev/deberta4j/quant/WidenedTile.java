package dev.deberta4j.quant;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tile of the widened-tile kernel: up to 4 input rows times up to 2 widened weight rows, eight dot
 * products along the input features at once (8 accumulators, each loaded vector used 2 or 4 times).
 */
final class WidenedTile {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    private static final int L = F.length();

    private WidenedTile() {
    }

    /**
     * y[i0 + i][row0 + r0 + r] = x[i0 + i] · w[r0 + r] + bias for i < xRows (at most 4), r < wRows (at most 2);
     * missing rows of a partial tile repeat the last one and are not stored.
     */
    static void multiply(float[] x, int i0, int xRows, float[] w, int r0, int wRows, int cols,
                         float[] y, int ldy, int row0, float[] bias) {
        int x0 = i0 * cols;
        int x1 = (i0 + Math.min(1, xRows - 1)) * cols;
        int x2 = (i0 + Math.min(2, xRows - 1)) * cols;
        int x3 = (i0 + Math.min(3, xRows - 1)) * cols;
        int w0 = r0 * cols;
        int w1 = (r0 + Math.min(1, wRows - 1)) * cols;
        FloatVector a00 = FloatVector.zero(F), a01 = a00, a10 = a00, a11 = a00;
        FloatVector a20 = a00, a21 = a00, a30 = a00, a31 = a00;
        int c = 0;
        for (; c <= cols - L; c += L) {
            FloatVector v0 = FloatVector.fromArray(F, w, w0 + c);
            FloatVector v1 = FloatVector.fromArray(F, w, w1 + c);
            FloatVector u = FloatVector.fromArray(F, x, x0 + c);
            a00 = u.fma(v0, a00);
            a01 = u.fma(v1, a01);
            u = FloatVector.fromArray(F, x, x1 + c);
            a10 = u.fma(v0, a10);
            a11 = u.fma(v1, a11);
            u = FloatVector.fromArray(F, x, x2 + c);
            a20 = u.fma(v0, a20);
            a21 = u.fma(v1, a21);
            u = FloatVector.fromArray(F, x, x3 + c);
            a30 = u.fma(v0, a30);
            a31 = u.fma(v1, a31);
        }
        float[] sums = {
                LaneSum.of(a00), LaneSum.of(a01),
                LaneSum.of(a10), LaneSum.of(a11),
                LaneSum.of(a20), LaneSum.of(a21),
                LaneSum.of(a30), LaneSum.of(a31)};
        int[] xs = {x0, x1, x2, x3};
        int[] ws = {w0, w1};
        for (int i = 0; i < xRows; i++) {
            for (int r = 0; r < wRows; r++) {
                float sum = sums[2 * i + r];
                for (int k = c; k < cols; k++) sum += x[xs[i] + k] * w[ws[r] + k];
                int out = row0 + r0 + r;
                y[(i0 + i) * ldy + out] = sum + (bias == null ? 0f : bias[out]);
            }
        }
    }
}
