package dev.deberta4j.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KernelWarmUpTest {
    @Test
    void everyVariantRunsAtThisVectorWidth() {
        KernelWarmUp.run(6);  // rounds 0-5 reach every variant: two k blocks, accumulation
    }

    @Test
    void widenedWarmUpWeightsGiveThePackedProduct() {
        SplittableRandom rnd = new SplittableRandom(3);
        int m = 7;
        int in = 300;
        int out = 2 * Gemm.panelWidth() + 5;
        float[] w = new float[out * in];
        float[] x = new float[m * in];
        for (int i = 0; i < w.length; i++) w[i] = (float) rnd.nextGaussian();
        for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian();
        PackedMatrix packed = PackedMatrix.pack(w, 0, out, in);
        float[] expected = new float[m * out];
        float[] actual = new float[m * out];
        Gemm.linear(x, m, packed, null, expected, null);
        Gemm.linear(x, m, new KernelWarmUp.Widened(packed), null, actual, null);
        assertThat(actual).containsExactly(expected);
    }
}
