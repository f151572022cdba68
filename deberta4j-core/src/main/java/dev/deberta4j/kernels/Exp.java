package dev.deberta4j.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp built from IEEE-exact operations only (fma, add, mul, integer bit moves), so that — unlike the Vector API's
 * EXP, whose bits change once C2 compiles a loop — the interpreter, C1, C2 and the scalar path all give the same
 * bits: {@link #expFloat} / {@link #expSubtractInPlace} in float32 for the softmax (inference and training share
 * it, so a training run resumed in a fresh JVM reproduces the uninterrupted one exactly), {@link #expDouble} in
 * double for the GELU's erf.
 */
public final class Exp {
    /** Floats per block of {@link #expSubtractInPlace}: the kernel's vector width. */
    private static final VectorSpecies<Float> FL = MicroKernel.SPECIES;

    static final double LOG2E = 1.4426950408889634;
    static final double LN2_HI = 6.93147180369123816490e-01;
    static final double LN2_LO = 1.90821492927058770002e-10;
    static final double ROUND = 6755399441055744.0;   // 1.5 * 2^52: adding it rounds to an integer
    static final long ROUND_BITS = Double.doubleToRawLongBits(ROUND);
    private static final double DOUBLE_MIN_ARG = -708.0;      // 2^k stays a normal double down to here
    private static final double DOUBLE_MAX_ARG = 709.0;
    /** Taylor coefficients 1/k!, k = 2..9: |r| <= ln2/2 leaves a truncation error below 1e-11. */
    static final double T2 = 0.5;
    static final double T3 = 1.0 / 6;
    static final double T4 = 1.0 / 24;
    static final double T5 = 1.0 / 120;
    static final double T6 = 1.0 / 720;
    static final double T7 = 1.0 / 5040;
    static final double T8 = 1.0 / 40320;
    static final double T9 = 1.0 / 362880;

    private Exp() {
    }

    /**
     * exp(x) in double to about 1e-11 relative error — plenty for results rounded to float; 0 below -708
     * (where doubles turn subnormal), +inf above 709.
     */
    static double expDouble(double x) {
        if (x < DOUBLE_MIN_ARG) return 0.0;
        if (x > DOUBLE_MAX_ARG) return Double.POSITIVE_INFINITY;
        double c = Math.min(Math.max(x, DOUBLE_MIN_ARG), DOUBLE_MAX_ARG);
        double t = Math.fma(c, LOG2E, ROUND);
        double n = t - ROUND;
        double r = Math.fma(n, -LN2_HI, c);
        r = Math.fma(n, -LN2_LO, r);
        double p = Math.fma(T9, r, T8);
        p = Math.fma(p, r, T7);
        p = Math.fma(p, r, T6);
        p = Math.fma(p, r, T5);
        p = Math.fma(p, r, T4);
        p = Math.fma(p, r, T3);
        p = Math.fma(p, r, T2);
        double y = Math.fma(p, r * r, r) + 1.0;
        long k = Double.doubleToRawLongBits(t) - ROUND_BITS;
        return y * Double.longBitsToDouble((k + 1023) << 52);
    }

    /**
     * Float32 exp for the softmax, {@link #expFloat}'s evaluation: Cody-Waite reduction x = n·ln2 + r with ln2 in two
     * parts (n·LN2_HI exact), e^r by Cephes' degree-7 expf polynomial, 2^n put into the exponent bits.
     */
    private static final float F_LOG2E = 1.44269504f;
    private static final float F_LN2_HI = 0.693359375f;        // 355/512: n·F_LN2_HI is exact for |n| < 2^14
    private static final float F_LN2_LO = -2.12194440e-4f;     // ln2 - F_LN2_HI
    private static final float F_ROUND = 12582912f;            // 1.5·2^23: adding it rounds to an integer
    private static final int F_ROUND_BITS = Float.floatToRawIntBits(F_ROUND);
    /** ln of the smallest normal float: below it the result is 0 (subnormal probabilities are flushed). */
    private static final float F_MIN_ARG = -87.33654f;
    /** 127.5·ln2 keeps n <= 127; above it the result is +inf (the true value is within 1.42x of Float.MAX_VALUE). */
    private static final float F_MAX_ARG = 88.37626f;
    private static final float P0 = 1.9875691500e-4f;
    private static final float P1 = 1.3981999507e-3f;
    private static final float P2 = 8.3334519073e-3f;
    private static final float P3 = 4.1665795894e-2f;
    private static final float P4 = 1.6666665459e-1f;
    private static final float P5 = 5.0000001201e-1f;

    /**
     * exp(x) in float32 arithmetic, within 2 ulp of the correctly rounded value for -87.33 <= x <= 88.37; 0 below
     * (and for -inf), +inf above, NaN for NaN. Built only from IEEE-exact operations (fma, add, mul, integer bit
     * moves), so {@link #expSubtractInPlace}'s vector lanes, compiled or not, give the same bits.
     */
    public static float expFloat(float x) {
        float c = Math.min(Math.max(x, F_MIN_ARG), F_MAX_ARG);
        float t = Math.fma(c, F_LOG2E, F_ROUND);
        float n = t - F_ROUND;
        float r = Math.fma(n, -F_LN2_HI, c);
        r = Math.fma(n, -F_LN2_LO, r);
        float p = Math.fma(P0, r, P1);
        p = Math.fma(p, r, P2);
        p = Math.fma(p, r, P3);
        p = Math.fma(p, r, P4);
        p = Math.fma(p, r, P5);
        float y = Math.fma(p, r * r, r) + 1f;
        float e = y * Float.intBitsToFloat((Float.floatToRawIntBits(t) - F_ROUND_BITS + 127) << 23);
        if (x < F_MIN_ARG) return 0f;
        if (x > F_MAX_ARG) return Float.POSITIVE_INFINITY;
        return x != x ? x : e;
    }

    /**
     * x[off + i] = {@link #expFloat}(x[off + i] - shift) for i < n; returns their sum, added in a fixed order: per
     * lane across the vector blocks, then the lanes from lane 0, then the scalar tail.
     *
     * <p>The whole loop stays inside this one method: a vector passed to or returned from a call that C2 does not
     * inline (it refuses callees already compiled big, as C1's vector code is) is boxed on the heap, which makes the
     * kernel about ten times slower. Evaluated in float (a vector of the kernel's width holds twice the lanes a
     * double one does, and nothing is converted); the per-lane sums stay short (L ≤ 512 adds over {@link #FL} lanes).
     */
    public static float expSubtractInPlace(float[] x, int off, int n, float shift) {
        FloatVector acc = FloatVector.zero(FL);
        int i = 0;
        for (; i + FL.length() <= n; i += FL.length()) {
            FloatVector shifted = FloatVector.fromArray(FL, x, off + i).sub(shift);
            FloatVector c = shifted.max(F_MIN_ARG).min(F_MAX_ARG);
            FloatVector t = c.fma(FloatVector.broadcast(FL, F_LOG2E), FloatVector.broadcast(FL, F_ROUND));
            FloatVector nk = t.sub(F_ROUND);
            FloatVector r = nk.fma(FloatVector.broadcast(FL, -F_LN2_HI), c);
            r = nk.fma(FloatVector.broadcast(FL, -F_LN2_LO), r);
            FloatVector p = r.fma(FloatVector.broadcast(FL, P0), FloatVector.broadcast(FL, P1));
            p = p.fma(r, FloatVector.broadcast(FL, P2));
            p = p.fma(r, FloatVector.broadcast(FL, P3));
            p = p.fma(r, FloatVector.broadcast(FL, P4));
            p = p.fma(r, FloatVector.broadcast(FL, P5));
            FloatVector y = p.fma(r.mul(r), r).add(1f);
            FloatVector scale = t.reinterpretAsInts().sub(F_ROUND_BITS).add(127)
                    .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector e = y.mul(scale);
            e = e.blend(0f, shifted.compare(VectorOperators.LT, F_MIN_ARG));
            e = e.blend(Float.POSITIVE_INFINITY, shifted.compare(VectorOperators.GT, F_MAX_ARG));
            e = e.blend(shifted, shifted.compare(VectorOperators.NE, shifted));   // NaN stays NaN
            e.intoArray(x, off + i);
            acc = acc.add(e);
        }
        float sum = 0f;
        for (int lane = 0; lane < FL.length(); lane++) sum += acc.lane(lane);   // not sumLanes: see above
        for (; i < n; i++) {
            float e = expFloat(x[off + i] - shift);
            x[off + i] = e;
            sum += e;
        }
        return sum;
    }

    /** Sum of the lanes, lane 0 first: the same bits compiled or not (reduceLanes' order is unspecified). */
    static float sumLanes(FloatVector v) {
        float s = 0f;
        for (int i = 0; i < v.length(); i++) s += v.lane(i);
        return s;
    }
}
