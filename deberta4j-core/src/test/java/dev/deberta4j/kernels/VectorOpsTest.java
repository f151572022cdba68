package dev.deberta4j.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VectorOpsTest {
    private static final int OFF = 3;

    private static float[] random(SplittableRandom rnd, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) (rnd.nextDouble() * 4 - 2);
        }
        return v;
    }

    /** Every length 0..70 covers empty ranges, pure tails, one/two vectors and vectors plus tails. */
    @Test
    void reductionsOverEveryLengthWithOffsets() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int n = 0; n <= 70; n++) {
            float[] a = random(rnd, n + OFF + 2);
            float[] b = random(rnd, n + OFF + 5);
            double dot = 0;
            double sum = 0;
            double abs = 0;
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                dot += (double) a[OFF + i] * b[OFF + 2 + i];
                abs += Math.abs((double) a[OFF + i] * b[OFF + 2 + i]);
                sum += a[OFF + i];
                max = Math.max(max, a[OFF + i]);
            }
            assertThat((double) VectorOps.dot(a, OFF, b, OFF + 2, n)).as("dot n=%d", n).isCloseTo(dot, offset(1e-6 * (abs + 1)));
            assertThat((double) VectorOps.sum(a, OFF, n)).as("sum n=%d", n).isCloseTo(sum, offset(1e-5));
            assertThat(VectorOps.max(a, OFF, n)).as("max n=%d", n).isEqualTo(max);
        }
    }

    @Test
    void maxPropagatesNaNAndFindsTheLastTailElement() {
        float[] x = new float[21];
        x[20] = 5f;
        assertThat(VectorOps.max(x, 0, 21)).isEqualTo(5f);
        x[9] = Float.NaN;
        assertThat(VectorOps.max(x, 0, 21)).isNaN();
    }

    @Test
    void elementwiseUpdatesTouchOnlyTheirRange() {
        SplittableRandom rnd = new SplittableRandom(2);
        for (int n = 0; n <= 40; n++) {
            float[] x = random(rnd, n + OFF + 4);
            float[] y = random(rnd, n + 2 * OFF);
            float[] y0 = y.clone();

            VectorOps.axpy(0.75f, x, OFF, y, 1, n);
            for (int i = 0; i < y.length; i++) {
                boolean inside = i >= 1 && i < 1 + n;
                float expected = inside ? (float) (y0[i] + 0.75 * x[OFF + i - 1]) : y0[i];
                assertThat(y[i]).as("axpy n=%d i=%d", n, i).isCloseTo(expected, offset(1e-6f));
            }

            float[] z = y0.clone();
            VectorOps.add(x, OFF, z, 2, n);
            for (int i = 0; i < z.length; i++) {
                boolean inside = i >= 2 && i < 2 + n;
                assertThat(z[i]).as("add n=%d i=%d", n, i).isEqualTo(inside ? y0[i] + x[OFF + i - 2] : y0[i]);
            }

            float[] m = y0.clone();
            VectorOps.multiply(x, OFF, m, 2, n);
            for (int i = 0; i < m.length; i++) {
                boolean inside = i >= 2 && i < 2 + n;
                assertThat(m[i]).as("multiply n=%d i=%d", n, i).isEqualTo(inside ? y0[i] * x[OFF + i - 2] : y0[i]);
            }

            float[] s = y0.clone();
            VectorOps.scale(s, OFF, n, -1.5f);
            for (int i = 0; i < s.length; i++) {
                boolean inside = i >= OFF && i < OFF + n;
                assertThat(s[i]).as("scale n=%d i=%d", n, i).isEqualTo(inside ? y0[i] * -1.5f : y0[i]);
            }
        }
    }

    @Test
    void expSubtractIsWithinOneUlpAndReturnsTheSum() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int n = 0; n <= 70; n++) {
            float[] x = new float[n + 2 * OFF];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (rnd.nextDouble() * 60 - 50);
            }
            float[] x0 = x.clone();
            float sum = VectorOps.expSubtractInPlace(x, OFF, n, 4.5f);
            double expectedSum = 0;
            for (int i = 0; i < x.length; i++) {
                if (i >= OFF && i < OFF + n) {
                    double ref = Math.exp((double) (x0[i] - 4.5f));
                    expectedSum += ref;
                    assertThat((double) x[i]).as("exp n=%d i=%d", n, i).isCloseTo(ref, offset(Math.ulp((float) ref) * 1.01));
                } else {
                    assertThat(x[i]).isEqualTo(x0[i]);
                }
            }
            assertThat((double) sum).isCloseTo(expectedSum, offset(1e-6 * expectedSum + 1e-30));
        }
    }

    /** The LayerNorm kernels against scalar double loops, over lengths with and without tails. */
    @Test
    void layerNormKernelsMatchScalarLoops() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int n = 0; n <= 70; n++) {
            float[] x = random(rnd, n + OFF + 2);
            double sum = 0;
            for (int i = 0; i < n; i++) sum += x[OFF + i];
            double mean = n == 0 ? 0 : sum / n;
            double squares = 0;
            for (int i = 0; i < n; i++) squares += (x[OFF + i] - mean) * (x[OFF + i] - mean);
            assertThat(VectorOps.sumInDouble(x, OFF, n)).as("sum n=%d", n).isCloseTo(sum, offset(1e-12));
            assertThat(VectorOps.squaredDeviations(x, OFF, n, mean)).as("squares n=%d", n).isCloseTo(squares, offset(1e-12));
            float[] out = new float[n + 4];
            VectorOps.standardize(x, OFF, n, mean, 0.7, out, 1);
            float[] w = random(rnd, n);
            float[] b = random(rnd, n);
            float[] y = x.clone();
            VectorOps.mulAdd(y, OFF, w, b, n);
            for (int i = 0; i < n; i++) {   // elementwise: the same bits as the scalar expressions
                assertThat(out[1 + i]).isEqualTo((float) ((x[OFF + i] - mean) * 0.7));
                assertThat(y[OFF + i]).isEqualTo(x[OFF + i] * w[i] + b[i]);
            }
            assertThat(out[0]).isZero();
            assertThat(y[OFF - 1]).isEqualTo(x[OFF - 1]);
        }
    }

    /**
     * The LayerNorm kernels give the bits of the scalar code that runs while the tiles are cold (ColdTiles): the
     * per-lane sums of {@code coldSumInDouble}, and the element-wise expressions of the scalar tails.
     */
    @Test
    void layerNormKernelsGiveTheBitsOfTheirColdScalarCode() {
        ColdTiles.handOver();
        SplittableRandom rnd = new SplittableRandom(17);
        for (int n : new int[]{0, 1, 3, 4, 7, 8, 9, 15, 16, 17, 31, 33, 255, 256, 767, 768, 1025}) {
            float[] x = random(rnd, n + OFF);
            for (int i = 0; i < n; i += 7) x[OFF + i] *= 1e6f;   // magnitudes where the order of a sum shows
            double mean = VectorOps.sumInDouble(x, OFF, n) / Math.max(n, 1);
            assertThat(VectorOps.sumInDouble(x, OFF, n)).as("sum n=%d", n)
                    .isEqualTo(VectorOps.coldSumInDouble(x, OFF, n, false, 0));
            assertThat(VectorOps.squaredDeviations(x, OFF, n, mean)).as("squares n=%d", n)
                    .isEqualTo(VectorOps.coldSumInDouble(x, OFF, n, true, mean));
            float[] out = new float[n + 1];
            VectorOps.standardize(x, OFF, n, mean, 0.37, out, 1);
            float[] w = random(rnd, n);
            float[] b = random(rnd, n);
            float[] y = x.clone();
            VectorOps.mulAdd(y, OFF, w, b, n);
            for (int i = 0; i < n; i++) {
                assertThat(out[1 + i]).as("standardize n=%d i=%d", n, i).isEqualTo((float) ((x[OFF + i] - mean) * 0.37));
                assertThat(y[OFF + i]).as("mulAdd n=%d i=%d", n, i).isEqualTo(x[OFF + i] * w[i] + b[i]);
            }
        }
    }

    @Test
    void rangesThatDoNotFitAreRejected() {
        assertThatThrownBy(() -> VectorOps.dot(new float[8], 0, new float[8], 1, 8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dot b").hasMessageContaining("[1, 1 + 8)").hasMessageContaining("length 8");
        assertThatThrownBy(() -> VectorOps.sum(new float[8], -1, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sum x");
        assertThatThrownBy(() -> VectorOps.scale(new float[8], 0, -1, 1f))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scale x");
    }
}
