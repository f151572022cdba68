package dev.deberta4j.kernels;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class ExpTest {
    private static long ulps(float a, float b) {
        return Math.abs((long) Float.floatToIntBits(a) - Float.floatToIntBits(b));
    }

    /** Correctly rounded (as (float) Math.exp) but for rare near-ties, which are off by one ulp. */
    @Test
    void correctlyRoundedButForRareNearTies() {
        long worst = 0;
        int differing = 0;
        int total = 0;
        for (float x = -103.9f; x <= 88.7f; x += 0.0013f) {
            long u = ulps(Exp.exp(x), (float) Math.exp(x));
            worst = Math.max(worst, u);
            if (u != 0) differing++;
            total++;
        }
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 200_000; i++) {
            float x = (float) (r.nextDouble() * 40 - 30);
            long u = ulps(Exp.exp(x), (float) Math.exp(x));
            worst = Math.max(worst, u);
            if (u != 0) differing++;
            total++;
        }
        assertThat(worst).isLessThanOrEqualTo(1);
        assertThat((double) differing / total).isLessThan(1e-4);
    }

    @Test
    void edgeCases() {
        assertThat(Exp.exp(0f)).isEqualTo(1f);
        assertThat(Exp.exp(-100f)).isEqualTo((float) Math.exp(-100));   // subnormal
        assertThat(Exp.exp(-110f)).isZero();
        assertThat(Exp.exp(Float.NEGATIVE_INFINITY)).isZero();
        assertThat(Exp.exp(100f)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(Exp.exp(Float.NaN)).isNaN();
        assertThat(Exp.exp(-87.3f)).isPositive();
        assertThat(Exp.exp(-103f)).isPositive();   // subnormal results are kept
    }

    /** The vector path and the scalar path give the same bits (the tail and the body of a row must agree). */
    @Test
    void vectorAndScalarPathsAgreeBitForBit() {
        SplittableRandom r = new SplittableRandom(9);
        float[] in = new float[11];
        for (int trial = 0; trial < 20_000; trial++) {
            for (int i = 0; i < in.length; i++) in[i] = (float) (r.nextDouble() * 200 - 100);
            if (trial == 0) in[3] = Float.NaN;
            float[] out = in.clone();
            Exp.expSubtractInPlace(out, 0, in.length, 0f);   // vector blocks of 4 or 8 lanes, then a scalar tail
            for (int i = 0; i < in.length; i++) {
                assertThat(Float.floatToRawIntBits(out[i])).as("exp(%s)", in[i])
                        .isEqualTo(Float.floatToRawIntBits(Exp.exp(in[i])));
            }
        }
    }

    @Test
    void softmaxNumeratorAndDenominator() {
        float[] x = new float[37];
        for (int i = 0; i < x.length; i++) x[i] = i * 0.25f - 3;
        float sum = Exp.expSubtractInPlace(x, 0, x.length, 6f);
        double expected = 0;
        for (int i = 0; i < x.length; i++) {
            double e = Math.exp(i * 0.25 - 3 - 6);
            expected += e;
            assertThat((double) x[i]).isCloseTo(e, org.assertj.core.data.Offset.offset(e * 3e-7));
        }
        assertThat((double) sum).isCloseTo(expected, org.assertj.core.data.Offset.offset(expected * 1e-6));
    }
}
