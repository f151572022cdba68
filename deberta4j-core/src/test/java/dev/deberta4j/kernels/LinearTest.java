package dev.deberta4j.kernels;

import dev.deberta4j.concurrent.ThreadPool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinearTest {

    private static float[] random(SplittableRandom rnd, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return v;
    }

    private static void checkLinear(SplittableRandom rnd, int m, int in, int out, boolean withBias) {
        float[] w = random(rnd, in * out + 3);
        int wOff = 3;
        float[] x = random(rnd, m * in);
        float[] bias = withBias ? random(rnd, out) : null;
        float[] y = new float[m * out];
        java.util.Arrays.fill(y, Float.NaN); // linear must overwrite, never read y
        PackedMatrix packed = PackedMatrix.pack(w, wOff, out, in);
        assertThat(packed.rows()).isEqualTo(out);
        assertThat(packed.cols()).isEqualTo(in);
        Gemm.linear(x, m, packed, bias, y);
        double tol = 1e-5 * Math.sqrt(in);
        for (int i = 0; i < m; i++) {
            for (int o = 0; o < out; o++) {
                double ref = withBias ? bias[o] : 0;
                double scale = Math.abs(ref);
                for (int p = 0; p < in; p++) {
                    double prod = (double) x[i * in + p] * w[wOff + o * in + p];
                    ref += prod;
                    scale += Math.abs(prod);
                }
                double got = y[i * out + o];
                if (!(Math.abs(got - ref) <= tol * scale)) {
                    fail("m=" + m + " in=" + in + " out=" + out + " bias=" + withBias + ": y[" + i + "][" + o
                            + "] = " + got + ", expected " + ref);
                }
            }
        }
    }

    @Test
    void rowCountsFromOneTo513WithAndWithoutBias() {
        SplittableRandom rnd = new SplittableRandom(11);
        int[] ms = {1, 2, 3, 5, 6, 7, 11, 12, 13, 16, 17, 63, 64, 65, 119, 120, 121, 127, 128, 129, 255, 256, 257,
                    511, 512, 513};
        for (int idx = 0; idx < ms.length; idx++) {
            checkLinear(rnd, ms[idx], 67, 45, idx % 2 == 0);
            checkLinear(rnd, ms[idx], 33, 130, idx % 2 == 1);
        }
    }

    @Test
    void modelShapes() {
        SplittableRandom rnd = new SplittableRandom(12);
        checkLinear(rnd, 17, 768, 768, true);
        checkLinear(rnd, 5, 768, 3072, true);
        checkLinear(rnd, 9, 3072, 768, false);
        checkLinear(rnd, 300, 300, 65, true);
    }

    @Test
    void privatePoolsOfOneAndThreeThreadsGiveTheSameResultAsTheSharedPool() {
        SplittableRandom rnd = new SplittableRandom(13);
        for (int[] shape : new int[][] {{7, 96, 200}, {400, 64, 50}}) {   // panel split, row split
            int m = shape[0], in = shape[1], out = shape[2];
            float[] x = random(rnd, m * in);
            float[] bias = random(rnd, out);
            PackedMatrix w = PackedMatrix.pack(random(rnd, out * in), 0, out, in);
            float[] expected = new float[m * out];
            Gemm.linear(x, m, w, bias, expected);
            for (int threads : new int[] {1, 3}) {
                ThreadPool pool = new ThreadPool(threads);
                try {
                    float[] y = new float[m * out];
                    Gemm.linear(x, m, w, bias, y, pool);
                    // Every output element is one k loop in a fixed order, so the split cannot change a bit.
                    assertThat(y).as("%d threads, m=%d", threads, m).containsExactly(expected);
                } finally {
                    pool.shutdown();
                }
            }
        }
    }

    @Test
    void zeroRowsIsANoOp() {
        PackedMatrix w = PackedMatrix.pack(new float[6], 0, 2, 3);
        float[] y = {7f};
        Gemm.linear(new float[0], 0, w, null, y);
        assertThat(y).containsExactly(7f);
    }

    @Test
    void badInputsNameTheArgument() {
        PackedMatrix w = PackedMatrix.pack(new float[12], 0, 3, 4);
        assertThatThrownBy(() -> Gemm.linear(new float[7], 2, w, null, new float[6]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("linear x").hasMessageContaining("8").hasMessageContaining("found 7");
        assertThatThrownBy(() -> Gemm.linear(new float[8], 2, w, null, new float[5]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("linear y");
        assertThatThrownBy(() -> Gemm.linear(new float[8], 2, w, new float[4], new float[6]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bias").hasMessageContaining("out=3").hasMessageContaining("found 4");
        assertThatThrownBy(() -> PackedMatrix.pack(new float[11], 0, 3, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 12");
        assertThatThrownBy(() -> PackedMatrix.pack(new float[12], 0, 0, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rows=0");
    }
}
