package dev.deberta4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MaskedSoftmaxTest {
    private static float[] scores(SplittableRandom r, int n) {
        float[] x = new float[n + 2];
        for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextDouble() * 20 - 10);
        return x;
    }

    /** Rows of every length 1..70 (vector blocks and tails) sum to 1 and follow exp(x - max) / Σ. */
    @Test
    void unmaskedRowsAreTheSoftmax() {
        SplittableRandom r = new SplittableRandom(4);
        for (int n = 1; n <= 70; n++) {
            float[] x = scores(r, n);
            float[] y = x.clone();
            MaskedSoftmax.applyUnmasked(y, 1, n);
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) max = Math.max(max, x[1 + j]);
            double sum = 0;
            for (int j = 0; j < n; j++) sum += Math.exp(x[1 + j] - max);
            double total = 0;
            for (int j = 0; j < n; j++) {
                assertThat((double) y[1 + j]).isCloseTo(Math.exp(x[1 + j] - max) / sum, offset(2e-7));
                total += y[1 + j];
            }
            assertThat(total).isCloseTo(1.0, offset(1e-5));
            assertThat(y[0]).isEqualTo(x[0]);
            assertThat(y[n + 1]).isEqualTo(x[n + 1]);
        }
    }

    /** apply with a mask that keeps every key gives applyUnmasked's bits; masked keys get exactly 0. */
    @Test
    void maskedKeysAreZeroAndAnAllOnesMaskIsTheUnmaskedPath() {
        SplittableRandom r = new SplittableRandom(5);
        int n = 37;
        int[] mask = new int[n + 3];
        Arrays.fill(mask, 1);
        assertThat(MaskedSoftmax.keepsAll(mask, 3, n)).isTrue();
        float[] x = scores(r, n);
        float[] viaMask = x.clone();
        float[] unmasked = x.clone();
        MaskedSoftmax.apply(viaMask, 1, n, mask, 3);
        MaskedSoftmax.applyUnmasked(unmasked, 1, n);
        assertThat(viaMask).isEqualTo(unmasked);

        mask[3 + 5] = 0;
        mask[3 + n - 1] = 0;
        assertThat(MaskedSoftmax.keepsAll(mask, 3, n)).isFalse();
        float[] y = x.clone();
        MaskedSoftmax.apply(y, 1, n, mask, 3);
        double total = 0;
        for (int j = 0; j < n; j++) total += y[1 + j];
        assertThat(y[1 + 5]).isZero();
        assertThat(y[1 + n - 1]).isZero();
        assertThat(total).isCloseTo(1.0, offset(1e-5));
    }
}
