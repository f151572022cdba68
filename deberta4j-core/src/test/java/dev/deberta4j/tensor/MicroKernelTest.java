package dev.deberta4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

class MicroKernelTest {
    @Test
    void tileIsSixRowsByTwoVectorsOfTheChosenWidth() {
        String forced = System.getProperty("deberta4j.vectorBits");
        int expectedBits = forced != null ? Integer.parseInt(forced)
                : FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512 ? 512 : 256;
        assertThat(MicroKernel.SPECIES.vectorBitSize()).isEqualTo(expectedBits);
        assertThat(MicroKernel.NR).isEqualTo(2 * MicroKernel.SPECIES.length());
        assertThat(MicroKernel.MR).isEqualTo(6);
        assertThat(GemmBlocking.MC % MicroKernel.MR).isZero();
    }

    @Test
    void oneTileAgainstAHandComputedProduct() {
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
        float[] c = new float[mr * ldc];
        MicroKernel.tile(kc, a, 0, b, 0, c, 0, ldc, bias, 2, 0);
        for (int i = 0; i < mr; i++) {
            for (int j = 0; j < nr; j++) {
                float expected = bias[2 + j];
                for (int p = 0; p < kc; p++) {
                    expected += a[p * mr + i] * b[p * nr + j];
                }
                assertThat(c[i * ldc + j]).as("c[%d][%d]", i, j).isEqualTo(expected);
            }
            for (int j = nr; j < ldc; j++) {
                assertThat(c[i * ldc + j]).isZero();
            }
        }
        MicroKernel.tile(kc, a, 0, b, 0, c, 0, ldc, c, 0, ldc);
        float once = bias[2];
        for (int p = 0; p < kc; p++) {
            once += a[p * mr] * b[p * nr];
        }
        assertThat(c[0]).isEqualTo(once + (once - bias[2]));
    }
}
