package dev.deberta4j.kernels;

import dev.deberta4j.kernels.Gemm.Operand;
import static dev.deberta4j.kernels.MicroKernel.NR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GemmTest {
    private static final float SENTINEL = 12345.5f;

    /** A stored rows×cols matrix with a random offset and leading dimension, surrounded by sentinels. */
    private record Stored(float[] data, int off, int ld, int rows, int cols) {
        static Stored random(SplittableRandom rnd, int rows, int cols, boolean padded) {
            int off = padded ? rnd.nextInt(5) : 0;
            int ld = Math.max(1, cols) + (padded ? rnd.nextInt(4) : 0);
            float[] data = new float[off + Math.max(0, rows - 1) * ld + cols + (padded ? rnd.nextInt(3) : 0)];
            java.util.Arrays.fill(data, SENTINEL);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    data[off + i * ld + j] = (float) (rnd.nextDouble() * 2 - 1);
                }
            }
            return new Stored(data, off, ld, rows, cols);
        }

        double at(int i, int j) {
            return data[off + i * ld + j];
        }
    }

    /** op(X)(i, j) for a stored matrix that may hold the transpose. */
    private static double op(Stored s, boolean trans, int i, int j) {
        return trans ? s.at(j, i) : s.at(i, j);
    }

    private static void checkMatmul(SplittableRandom rnd, boolean transA, boolean transB, int m, int n, int k,
                                    boolean accumulate, boolean parallel) {
        Stored a = transA ? Stored.random(rnd, k, m, true) : Stored.random(rnd, m, k, true);
        Stored b = transB ? Stored.random(rnd, n, k, true) : Stored.random(rnd, k, n, true);
        Stored c = Stored.random(rnd, m, n, true);
        float[] before = c.data().clone();
        if (parallel) {
            Gemm.matmulParallel(m, n, k, new Operand(a.data(), a.off(), a.ld(), transA),
                    new Operand(b.data(), b.off(), b.ld(), transB), new Operand(c.data(), c.off(), c.ld()), accumulate);
        } else {
            Gemm.matmul(m, n, k, new Operand(a.data(), a.off(), a.ld(), transA),
                    new Operand(b.data(), b.off(), b.ld(), transB), new Operand(c.data(), c.off(), c.ld()), accumulate);
        }
        String where = "transA=" + transA + " transB=" + transB + " m=" + m + " n=" + n + " k=" + k
                + " accumulate=" + accumulate + " parallel=" + parallel;
        double tol = 1e-5 * Math.sqrt(Math.max(1, k));
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double ref = accumulate ? before[c.off() + i * c.ld() + j] : 0;
                double scale = Math.abs(ref);
                for (int p = 0; p < k; p++) {
                    double prod = op(a, transA, i, p) * op(b, transB, p, j);
                    ref += prod;
                    scale += Math.abs(prod);
                }
                double got = c.at(i, j);
                if (!(Math.abs(got - ref) <= tol * Math.max(scale, 1e-30))) {
                    fail(where + ": C[" + i + "][" + j + "] = " + got + ", expected " + ref);
                }
            }
        }
        // Nothing outside the m×n region may change (gaps between rows, before and after the matrix).
        for (int idx = 0; idx < before.length; idx++) {
            int rel = idx - c.off();
            boolean inside = rel >= 0 && rel / c.ld() < m && rel % c.ld() < n;
            if (!inside && Float.floatToRawIntBits(c.data()[idx]) != Float.floatToRawIntBits(before[idx])) {
                fail(where + ": wrote outside C at index " + idx);
            }
        }
    }

    @Test
    void allTransposeCombinationsOverSmallOddSizes() {
        SplittableRandom rnd = new SplittableRandom(1);
        int[] ks = {1, 2, 5, 8, 13, 16, 37};
        int count = 0;
        for (int m = 1; m <= 37; m++) {
            for (int n = 1; n <= 37; n++) {
                int k = ks[(m * 7 + n) % ks.length];
                boolean transA = (m & 1) == 1;
                boolean transB = (n & 1) == 1;
                checkMatmul(rnd, transA, transB, m, n, k, ((m + n) % 3) == 0, false);
                count++;
            }
        }
        for (int k = 1; k <= 37; k++) {
            for (int t = 0; t < 4; t++) {
                checkMatmul(rnd, (t & 1) == 1, (t & 2) == 2, 1 + rnd.nextInt(37), 1 + rnd.nextInt(37), k, t == 3, false);
                count++;
            }
        }
        assertThat(count).isEqualTo(37 * 37 + 37 * 4);
    }

    @Test
    void sizesThatAreNotMultiplesOfTheTile() {
        SplittableRandom rnd = new SplittableRandom(2);
        int[] sizes = {1, 7, 17, 63, 65, 129, 300, 768, 3072};
        for (int m : sizes) {
            for (int n : sizes) {
                for (int k : sizes) {
                    if ((long) m * n * k > 6_000_000L) {
                        continue;
                    }
                    int t = rnd.nextInt(4);
                    checkMatmul(rnd, (t & 1) == 1, (t & 2) == 2, m, n, k, rnd.nextBoolean(), false);
                }
            }
        }
    }

    @Test
    void kBlockBoundariesAndAllTransposesAtMediumSize() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int t = 0; t < 4; t++) {
            int kc = GemmBlocking.KC;
            for (int k : new int[] {kc - 1, kc, kc + 1, 2 * kc + 1}) {
                checkMatmul(rnd, (t & 1) == 1, (t & 2) == 2, 131, 45, k, false, false);
                checkMatmul(rnd, (t & 1) == 1, (t & 2) == 2, 23, 70, k, true, false);
            }
        }
    }

    @Test
    void attentionShapes() {
        SplittableRandom rnd = new SplittableRandom(4);
        checkMatmul(rnd, false, true, 128, 128, 64, false, false);   // Q·Kᵀ
        checkMatmul(rnd, false, false, 128, 64, 128, false, false);  // P·V
        checkMatmul(rnd, true, false, 64, 128, 128, true, false);    // dK-style
    }

    @Test
    void packedPanelWindowsMatchTheProductWithTheTransposedSlice() {
        SplittableRandom rnd = new SplittableRandom(6);
        int n = 3 * NR + 5;
        int k = 37;
        Stored w = Stored.random(rnd, n, k + 6, true);   // W is a strided slice of a wider table
        int ld = w.ld();
        int panelCount = (n + NR - 1) / NR;
        float[] panels = new float[3 + panelCount * k * NR];
        PackedMatrix.packPanels(w.data(), w.off() + 2, ld, n, k, 0, panelCount, panels, 3);
        for (int m : new int[] {1, 5, 14, 26}) {
            Stored a = Stored.random(rnd, m, k, true);
            for (int p0 = 0; p0 < panelCount; p0++) {
                for (int p1 = p0 + 1; p1 <= panelCount; p1++) {
                    int cols = Math.min(p1 * NR, n) - p0 * NR;
                    float[] got = new float[m * cols];
                    Gemm.matmulPanels(m, k, a.data(), a.off(), a.ld(), panels, 3, n, p0, p1, got, 0, cols);
                    float[] expected = new float[m * cols];
                    Gemm.matmul(m, cols, k, new Operand(a.data(), a.off(), a.ld()),
                            Operand.transposeOf(w.data(), w.off() + 2 + p0 * NR * ld, ld),
                            new Operand(expected, 0, cols), false);
                    assertThat(got).as("m=%d panels [%d, %d)", m, p0, p1).containsExactly(expected);
                }
            }
        }
    }

    @Test
    void parallelMatchesReferenceSplittingEitherDimension() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int t = 0; t < 4; t++) {
            checkMatmul(rnd, (t & 1) == 1, (t & 2) == 2, 301, 37, 129, t % 2 == 0, true);   // row split
            checkMatmul(rnd, (t & 1) == 1, (t & 2) == 2, 13, 517, 200, t % 2 == 1, true);   // panel split
            checkMatmul(rnd, (t & 1) == 1, (t & 2) == 2, 200, 200, 300, false, true);
        }
        // More than one 1024-column chunk per thread share, with raw B packed chunk by chunk.
        checkMatmul(rnd, false, true, 3, 2100, 300, true, true);
        checkMatmul(rnd, true, false, 7, 2100, 70, false, false);
    }

    @Test
    void zeroDepthClearsOrKeepsC() {
        float[] c = {1, 2, 3, 4};
        Gemm.matmul(2, 2, 0, new Operand(new float[0], 0, 1), new Operand(new float[0], 0, 2), new Operand(c, 0, 2),
                true);
        assertThat(c).containsExactly(1, 2, 3, 4);
        Gemm.matmul(2, 2, 0, new Operand(new float[0], 0, 1), new Operand(new float[0], 0, 2), new Operand(c, 0, 2),
                false);
        assertThat(c).containsExactly(0, 0, 0, 0);
    }

    @Test
    void badShapesNameTheOperandAndTheSizes() {
        float[] small = new float[10];
        assertThatThrownBy(() -> Gemm.matmul(4, 4, 4, new Operand(small, 0, 4), new Operand(new float[16], 0, 4),
                new Operand(new float[16], 0, 4), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("matmul A").hasMessageContaining("needs 16").hasMessageContaining("has 10");
        assertThatThrownBy(() -> Gemm.matmul(4, 4, 4, new Operand(new float[16], 0, 4),
                Operand.transposeOf(new float[16], 0, 3), new Operand(new float[16], 0, 4), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("matmul B").hasMessageContaining("leading dimension must be >= 4");
        assertThatThrownBy(() -> Gemm.matmul(-1, 4, 4, new Operand(small, 0, 4), new Operand(small, 0, 4),
                new Operand(small, 0, 4), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("m=-1");
    }
}
