package dev.deberta4j.kernels;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class ExpTest {
    private static long ulps(float a, float b) {
        return Math.abs((long) Float.floatToIntBits(a) - Float.floatToIntBits(b));
    }

    /** Within 2 ulp of the correctly rounded (float) Math.exp over the whole normal range, and mostly exact. */
    @Test
    void withinTwoUlpOfTheCorrectlyRoundedExp() {
        long worst = 0;
        int differing = 0;
        int total = 0;
        for (float x = -87.3f; x <= 88.37f; x += 0.0013f) {
            long u = ulps(Exp.expFloat(x), (float) Math.exp(x));
            worst = Math.max(worst, u);
            if (u != 0) differing++;
            total++;
        }
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 200_000; i++) {
            float x = (float) (r.nextDouble() * 40 - 30);
            long u = ulps(Exp.expFloat(x), (float) Math.exp(x));
            worst = Math.max(worst, u);
            if (u != 0) differing++;
            total++;
        }
        assertThat(worst).isLessThanOrEqualTo(2);
        assertThat((double) differing / total).isLessThan(0.2);
    }

    @Test
    void edgeCases() {
        assertThat(Exp.expFloat(0f)).isEqualTo(1f);
        assertThat(Exp.expFloat(-0f)).isEqualTo(1f);
        assertThat(Exp.expFloat(1f)).isEqualTo((float) Math.E);
        assertThat(Exp.expFloat(-87.3f)).isPositive();
        assertThat(Exp.expFloat(-88f)).as("below the smallest normal: flushed").isZero();
        assertThat(Exp.expFloat(Float.NEGATIVE_INFINITY)).isZero();
        assertThat(Exp.expFloat(88.3f)).isEqualTo((float) Math.exp(88.3f));
        assertThat(Exp.expFloat(89f)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(Exp.expFloat(Float.POSITIVE_INFINITY)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(Exp.expFloat(Float.NaN)).isNaN();
    }

    /** The vector path and the scalar path give the same bits (the tail and the body of a row must agree). */
    @Test
    void vectorAndScalarPathsAgreeBitForBit() {
        SplittableRandom r = new SplittableRandom(9);
        float[] in = new float[37];
        for (int trial = 0; trial < 20_000; trial++) {
            for (int i = 0; i < in.length; i++) in[i] = (float) (r.nextDouble() * 200 - 100);
            if (trial == 0) in[3] = Float.NaN;   // in a vector block
            if (trial == 1) in[35] = Float.NaN;  // in the tail
            float[] out = in.clone();
            Exp.expSubtractInPlace(out, 0, in.length, 0f);   // vector blocks of 8 or 16 lanes, then a scalar tail
            for (int i = 0; i < in.length; i++) {
                assertThat(Float.floatToRawIntBits(out[i])).as("exp(%s)", in[i])
                        .isEqualTo(Float.floatToRawIntBits(Exp.expFloat(in[i])));
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
