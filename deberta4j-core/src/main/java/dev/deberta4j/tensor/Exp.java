package dev.deberta4j.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp(x) of float32 arguments, evaluated in double precision from IEEE-exact operations only (fma, add, mul,
 * integer bit moves) and rounded once to float: the result is the correctly rounded float32 exp in all but rare
 * near-tie cases, and — unlike the Vector API's EXP, whose bits change once C2 compiles a loop — the interpreter,
 * C1, C2 and the scalar path all give the same bits. Softmax in inference and training is built on it, so a
 * training run resumed in a fresh JVM reproduces the uninterrupted one exactly.
 */
public final class Exp {
    private static final VectorSpecies<Float> F4 = FloatVector.SPECIES_128;
    private static final VectorSpecies<Double> D4 = DoubleVector.SPECIES_256;
    private static final int L = 4;

    private static final double LOG2E = 1.4426950408889634;
    private static final double LN2_HI = 6.93147180369123816490e-01;
    private static final double LN2_LO = 1.90821492927058770002e-10;
    private static final double ROUND = 6755399441055744.0;   // 1.5 * 2^52: adding it rounds to an integer
    private static final long ROUND_BITS = Double.doubleToRawLongBits(ROUND);
    private static final float MIN_ARG = -104f;               // exp below this is 0 in float32
    private static final float MAX_ARG = 89f;                 // exp above this is +inf in float32
    private static final double DOUBLE_MIN_ARG = -708.0;      // 2^k stays a normal double down to here
    private static final double DOUBLE_MAX_ARG = 709.0;
    /** 1/k! for k = 9 down to 2: |r| <= ln2/2 leaves a truncation error below 1e-11. */
    private static final double[] TAYLOR = {1.0 / 362880, 1.0 / 40320, 1.0 / 5040, 1.0 / 720, 1.0 / 120, 1.0 / 24,
            1.0 / 6, 0.5};

    private Exp() {
    }

    public static float exp(float x) {
        if (x != x) return x;
        return (float) expDouble(Math.min(Math.max(x, MIN_ARG), MAX_ARG));
    }

    /**
     * exp(x) in double to about 1e-11 relative error — plenty for results rounded to float; 0 below -708
     * (where doubles turn subnormal), +inf above 709; the same bits as {@link #expDouble(DoubleVector)} lane by lane.
     */
    static double expDouble(double x) {
        if (x < DOUBLE_MIN_ARG) return 0.0;
        if (x > DOUBLE_MAX_ARG) return Double.POSITIVE_INFINITY;
        double c = Math.min(Math.max(x, DOUBLE_MIN_ARG), DOUBLE_MAX_ARG);
        double t = Math.fma(c, LOG2E, ROUND);
        double n = t - ROUND;
        double r = Math.fma(n, -LN2_HI, c);
        r = Math.fma(n, -LN2_LO, r);
        double p = TAYLOR[0];
        for (int i = 1; i < TAYLOR.length; i++) p = Math.fma(p, r, TAYLOR[i]);
        double y = Math.fma(p, r * r, r) + 1.0;
        long k = Double.doubleToRawLongBits(t) - ROUND_BITS;
        return y * Double.longBitsToDouble((k + 1023) << 52);
    }

    /** exp of 4 double lanes, bit-identical to {@link #expDouble(double)} lane by lane; NaN stays NaN. */
    static DoubleVector expDouble(DoubleVector x) {
        DoubleVector c = x.max(DOUBLE_MIN_ARG).min(DOUBLE_MAX_ARG);
        DoubleVector t = c.fma(DoubleVector.broadcast(D4, LOG2E), DoubleVector.broadcast(D4, ROUND));
        DoubleVector n = t.sub(ROUND);
        DoubleVector r = n.fma(DoubleVector.broadcast(D4, -LN2_HI), c);
        r = n.fma(DoubleVector.broadcast(D4, -LN2_LO), r);
        DoubleVector p = DoubleVector.broadcast(D4, TAYLOR[0]);
        for (int i = 1; i < TAYLOR.length; i++) p = p.fma(r, DoubleVector.broadcast(D4, TAYLOR[i]));
        DoubleVector y = p.fma(r.mul(r), r).add(1.0);
        LongVector k = t.reinterpretAsLongs().sub(ROUND_BITS);
        DoubleVector scale = k.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        DoubleVector out = y.mul(scale)
                .blend(0.0, x.compare(VectorOperators.LT, DOUBLE_MIN_ARG))
                .blend(Double.POSITIVE_INFINITY, x.compare(VectorOperators.GT, DOUBLE_MAX_ARG));
        VectorMask<Double> nan = x.test(VectorOperators.IS_NAN);
        return out.blend(x, nan);
    }

    /** x[off + i] = exp(x[off + i] - shift) for i < n; returns their sum, added in a fixed order. */
    public static float expSubtractInPlace(float[] x, int off, int n, float shift) {
        double sum = 0;
        int i = 0;
        if (n >= L) {
            FloatVector vShift = FloatVector.broadcast(F4, shift);
            DoubleVector acc = DoubleVector.zero(D4);
            for (; i + L <= n; i += L) {
                FloatVector shifted = FloatVector.fromArray(F4, x, off + i).sub(vShift);
                DoubleVector wide = (DoubleVector) shifted.convertShape(VectorOperators.F2D, D4, 0);
                DoubleVector e = expDouble(wide.max(MIN_ARG).min(MAX_ARG));
                FloatVector rounded = (FloatVector) e.convertShape(VectorOperators.D2F, F4, 0);
                rounded.intoArray(x, off + i);
                acc = acc.add(rounded.convertShape(VectorOperators.F2D, D4, 0));
            }
            for (int lane = 0; lane < L; lane++) sum += acc.lane(lane);
        }
        for (; i < n; i++) {
            float e = exp(x[off + i] - shift);
            x[off + i] = e;
            sum += e;
        }
        return (float) sum;
    }

    /** Sum of the lanes, lane 0 first: the same bits compiled or not (reduceLanes' order is unspecified). */
    static float sumLanes(FloatVector v) {
        float s = 0f;
        for (int i = 0; i < v.length(); i++) s += v.lane(i);
        return s;
    }
}
