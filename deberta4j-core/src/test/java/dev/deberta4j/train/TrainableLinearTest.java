package dev.deberta4j.train;

import dev.deberta4j.concurrent.ThreadPool;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The weight gradient summed in row chunks: the product's value, added to what was there, the same bits on any thread count. */
class TrainableLinearTest {
    private static final int OUT = 40;
    private static final int IN = 24;
    /** Two whole row chunks and part of a third. */
    private static final int ROWS = 2 * TrainableLinear.ROW_CHUNK + 77;

    @Test
    void chunkedWeightGradientAddsDyTransposedXOnAnyThreadCount() {
        SplittableRandom random = new SplittableRandom(5);
        float[] x = gaussian(random, ROWS * IN);
        float[] dy = gaussian(random, ROWS * OUT);
        float[] before = gaussian(random, OUT * IN);
        int original = ThreadPool.shared().threads();
        float[] single;
        float[] three;
        try {
            ThreadPool.setSharedThreads(1);
            single = weightGradient(before, x, dy);
            ThreadPool.setSharedThreads(3);
            three = weightGradient(before, x, dy);
        } finally {
            ThreadPool.setSharedThreads(original);
        }
        assertThat(three).containsExactly(single);
        for (int o = 0; o < OUT; o++) {
            for (int i = 0; i < IN; i++) {
                double expected = before[o * IN + i];
                for (int r = 0; r < ROWS; r++) expected += (double) dy[r * OUT + o] * x[r * IN + i];
                assertThat((double) single[o * IN + i]).as("dW[%d][%d]", o, i).isCloseTo(expected, within(1e-3));
            }
        }
    }

    private static float[] weightGradient(float[] before, float[] x, float[] dy) {
        TrainableLinear layer = new TrainableLinear(new Parameter("w", new int[]{OUT, IN}, new float[OUT * IN]), null);
        System.arraycopy(before, 0, layer.weight.grad(), 0, before.length);
        layer.accumulateGradients(x, dy, ROWS);
        return layer.weight.grad().clone();
    }

    private static float[] gaussian(SplittableRandom random, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) random.nextGaussian();
        return out;
    }
}
