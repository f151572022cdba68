package dev.deberta4j.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

class MicroKernelTest {
    @Test
    void tileIsSixRowsUnlessSetByTwoVectorsOfTheChosenWidth() {
        int expectedBits = VectorWidth.detect(FloatVector.SPECIES_PREFERRED.vectorBitSize()).bits();
        String forced = System.getProperty("deberta4j.vectorBits");
        if (forced != null && !forced.equals("widest")) {
            assertThat(expectedBits).isEqualTo(Integer.parseInt(forced));
        }
        assertThat(MicroKernel.SPECIES.vectorBitSize()).isEqualTo(expectedBits);
        assertThat(MicroKernel.NR).isEqualTo(2 * MicroKernel.SPECIES.length());
        String rows = System.getProperty("deberta4j.gemmRows");
        // 8 rows where the CPU has AVX-512's 32 vector registers, else 6
        int defaultRows = FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512 ? 8 : 6;
        assertThat(MicroKernel.MR).isEqualTo(rows != null ? Integer.parseInt(rows) : defaultRows);
        assertThat(GemmBlocking.MC % MicroKernel.MR).isZero();
        assertThat(Gemm.kernel()).isEqualTo("float32 " + MicroKernel.MR + "x" + MicroKernel.NR
                + " register tile, " + expectedBits + "-bit vectors");
    }

    @Test
    void smallestKernelThatCoversTheRows() {
        assertThat(MicroKernel.kernelRows(1)).isEqualTo(4);
        assertThat(MicroKernel.kernelRows(4)).isEqualTo(4);
        assertThat(MicroKernel.kernelRows(5)).isEqualTo(6);
        assertThat(MicroKernel.kernelRows(6)).isEqualTo(6);
        assertThat(MicroKernel.kernelRows(7)).isEqualTo(8);
        assertThat(MicroKernel.kernelRows(8)).isEqualTo(8);
    }

    /** Every kernel this MR allows (4, 6 and 8 rows read A panels MR apart) against a hand-computed product. */
    @Test
    void eachTileKernelAgainstAHandComputedProduct() {
        for (int rows : new int[] {4, 6, 8}) {
            if (rows <= MicroKernel.MR) {
                checkTile(rows);
            }
        }
    }

    private static void checkTile(int rows) {
        int mr = MicroKernel.MR;
        int nr = MicroKernel.NR;
        int kc = 3;
        float[] a = new float[kc * mr];
        float[] b = new float[kc * nr];
        for (int p = 0; p < kc; p++) {
            for (int i = 0; i < mr; i++) {
                a[p * mr + i] = i + 1 + p * 10;
            }
            for (int j = 0; j < nr; j++) {
                b[p * nr + j] = (j % 5) - p;
            }
        }
        float[] bias = new float[nr + 2];
        for (int j = 0; j < bias.length; j++) {
            bias[j] = 100 * j;
        }
        int ldc = nr + 3;
        float[] c = new float[(mr + 1) * ldc];
        MicroKernel.tile(rows, kc, a, 0, b, 0, c, 0, ldc, bias, 2, 0);
        for (int i = 0; i < mr + 1; i++) {
            for (int j = 0; j < ldc; j++) {
                float expected = 0;
                if (i < rows && j < nr) {
                    expected = bias[2 + j];
                    for (int p = 0; p < kc; p++) {
                        expected += a[p * mr + i] * b[p * nr + j];
                    }
                }
                assertThat(c[i * ldc + j]).as("%d-row tile: c[%d][%d]", rows, i, j).isEqualTo(expected);
            }
        }
        MicroKernel.tile(rows, kc, a, 0, b, 0, c, 0, ldc, c, 0, ldc);
        for (int i = 0; i < rows; i++) {
            float once = bias[2];
            for (int p = 0; p < kc; p++) {
                once += a[p * mr + i] * b[p * nr];
            }
            assertThat(c[i * ldc]).as("%d-row tile accumulating: c[%d][0]", rows, i).isEqualTo(once + (once - bias[2]));
        }
    }
}
