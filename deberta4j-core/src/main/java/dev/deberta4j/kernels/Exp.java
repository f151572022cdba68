package dev.deberta4j.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
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
    /**
     * Doubles per block: 8 lanes (512-bit) with the 512-bit kernel, 4 with the 256-bit one. The exponentials have
     * the same bits either way; the softmax sum's order (per lane) follows the lane count.
     */
    private static final VectorSpecies<Double> D = MicroKernel.SPECIES.vectorBitSize() >= 512
            ? DoubleVector.SPECIES_512 : DoubleVector.SPECIES_256;
    private static final VectorSpecies<Float> F = D.vectorBitSize() >= 512
            ? FloatVector.SPECIES_256 : FloatVector.SPECIES_128;
    private static final int L = F.length();

    static final double LOG2E = 1.4426950408889634;
    static final double LN2_HI = 6.93147180369123816490e-01;
    static final double LN2_LO = 1.90821492927058770002e-10;
    static final double ROUND = 6755399441055744.0;   // 1.5 * 2^52: adding it rounds to an integer
    static final long ROUND_BITS = Double.doubleToRawLongBits(ROUND);
    private static final float MIN_ARG = -104f;               // exp below this is 0 in float32
    private static final float MAX_ARG = 89f;                 // exp above this is +inf in float32
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

    public static float exp(float x) {
        if (x != x) return x;
        return (float) expDouble(Math.min(Math.max(x, MIN_ARG), MAX_ARG));
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
     * x[off + i] = exp(x[off + i] - shift) for i < n; returns their sum, added in a fixed order: per lane across
     * the vector blocks, then the lanes from lane 0, then the scalar tail.
     *
     * <p>The whole loop and its double accumulator stay inside this one method: a vector passed to or returned
     * from a call that C2 does not inline (it refuses callees already compiled big, as C1's vector code is) is
     * boxed on the heap, which makes the kernel about ten times slower. The per-lane accumulator keeps the adds
     * off one serial chain (summing each block's lanes into one double was the loop's critical path).
     */
    public static float expSubtractInPlace(float[] x, int off, int n, float shift) {
        DoubleVector acc = DoubleVector.zero(D);
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector shifted = FloatVector.fromArray(F, x, off + i).sub(shift);
            DoubleVector c = ((DoubleVector) shifted.convertShape(VectorOperators.F2D, D, 0)).max(MIN_ARG).min(MAX_ARG);
            DoubleVector t = c.fma(DoubleVector.broadcast(D, LOG2E), DoubleVector.broadcast(D, ROUND));
            DoubleVector nk = t.sub(ROUND);
            DoubleVector r = nk.fma(DoubleVector.broadcast(D, -LN2_HI), c);
            r = nk.fma(DoubleVector.broadcast(D, -LN2_LO), r);
            DoubleVector p = r.fma(DoubleVector.broadcast(D, T9), DoubleVector.broadcast(D, T8));
            p = p.fma(r, DoubleVector.broadcast(D, T7));
            p = p.fma(r, DoubleVector.broadcast(D, T6));
            p = p.fma(r, DoubleVector.broadcast(D, T5));
            p = p.fma(r, DoubleVector.broadcast(D, T4));
            p = p.fma(r, DoubleVector.broadcast(D, T3));
            p = p.fma(r, DoubleVector.broadcast(D, T2));
            DoubleVector y = p.fma(r.mul(r), r).add(1.0);
            DoubleVector scale = t.reinterpretAsLongs().sub(ROUND_BITS).add(1023)
                    .lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
            FloatVector e = (FloatVector) y.mul(scale).convertShape(VectorOperators.D2F, F, 0);
            e = e.blend(shifted, shifted.compare(VectorOperators.NE, shifted));   // NaN stays NaN
            e.intoArray(x, off + i);
            acc = acc.add((DoubleVector) e.convertShape(VectorOperators.F2D, D, 0));
        }
        double sum = 0;
        for (int lane = 0; lane < L; lane++) sum += acc.lane(lane);
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
