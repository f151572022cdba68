package dev.deberta4j.kernels;

import dev.deberta4j.concurrent.ThreadPool;

import java.util.Objects;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Activations over float[] ranges as transformers' ACT2FN defines them, evaluated in double precision and rounded
 * once to float (so within about half an ulp of the exact value; torch's float32 kernels are within 1-2 ulp).
 * Exact GELU, the model's hidden_act, is vectorised; the others run a scalar loop over {@link Activation}.
 * {@link #apply} and {@link #backward} split large ranges over the shared {@link ThreadPool}.
 */
public final class Activations {
    /** GELU runs in double: 8 lanes with the 512-bit kernel, 4 with the 256-bit one (elementwise, same bits). */
    private static final VectorSpecies<Double> D = MicroKernel.SPECIES.vectorBitSize() >= 512
            ? DoubleVector.SPECIES_512 : DoubleVector.SPECIES_256;
    private static final VectorSpecies<Float> F = D.vectorBitSize() >= 512
            ? FloatVector.SPECIES_256 : FloatVector.SPECIES_128;
    private static final int L = F.length();
    /** Below this many elements a range runs on the caller: waking workers would cost more than it saves. */
    static final int PARALLEL_MIN = 1 << 15;

    private Activations() {}

    /** erf(x), accurate to about half an ulp (Java has no Math.erf). */
    public static float erf(float x) {
        return (float) ErfPolynomials.erf(x);
    }

    /** GELU of one value: 0.5·x·(1 + erf(x/√2)). */
    public static float gelu(float x) {
        return (float) Activation.GELU.value(x);
    }

    /** d GELU(x)/dx = Φ(x) + x·φ(x). */
    public static float geluGrad(float x) {
        return (float) Activation.GELU.derivative(x);
    }

    /** x = 0.5·x·(1 + erf(x/√2)) in place, 4 or 8 lanes of double at a time. */
    public static void geluInPlace(float[] x, int off, int n) {
        checkRange("geluInPlace x", x, off, n);
        int i = 0;
        if (!ColdTiles.takeElements(n)) {   // cold: all in the scalar loop (the same bits, ActivationsTest)
            i = geluBlocks(x, off, x, off, n, false);
        }
        for (; i < n; i++) {
            x[off + i] = gelu(x[off + i]);
        }
    }

    /** Back-propagation through exact GELU: grad[gOff+i] *= Φ(x) + x·φ(x) with x = x[xOff+i], vectorised. */
    public static void geluBackward(float[] x, int xOff, float[] grad, int gOff, int n) {
        checkRange("geluBackward x", x, xOff, n);
        checkRange("geluBackward grad", grad, gOff, n);
        int i = geluBlocks(x, xOff, grad, gOff, n, true);
        for (; i < n; i++) {
            grad[gOff + i] = (float) (grad[gOff + i] * Activation.GELU.derivative(x[xOff + i]));
        }
    }

    /**
     * Exact GELU of the whole L-float blocks of x[xOff .. xOff + n), in double: forward writes v·Φ(v) to y[yOff..];
     * backward multiplies y[yOff..] (the gradient) by Φ(v) + v·φ(v). Returns the elements done (n rounded down to
     * a multiple of L). Φ(v) is 1 − erfc(a)/2 (v >= 0) or erfc(a)/2, a = |v|/√2, with erfc from
     * {@link ErfPolynomials}' two polynomials and exp(−a²) from {@link Exp}'s, written out here.
     * All vector work stays inside this one method, the loop and even the broadcasts: a vector passed to or
     * returned from a call that C2 does not inline (it refuses callees already compiled big, as C1's vector code
     * is) is boxed on the heap, which made this kernel ten times slower; and with a call per block (C2 did not
     * inline it: too big) every block paid the call and the constants' broadcasts again: 4.7 ns per element with
     * 256-bit vectors on a Zen 4, about 10 % of an xsmall forward pass at 1x128.
     */
    private static int geluBlocks(float[] x, int xOff, float[] y, int yOff, int n, boolean backward) {
        int i = 0;
        for (; i + L <= n; i += L) {
            int xIndex = xOff + i;
            int yIndex = yOff + i;
            DoubleVector v = (DoubleVector) FloatVector.fromArray(F, x, xIndex).convertShape(VectorOperators.F2D, D, 0);
            DoubleVector a = v.abs().mul(Activation.INV_SQRT2);
            // e = exp(-a²), as Exp.expDouble computes it (0 below -708, so gelu(-inf) = -inf·0 = NaN as in torch)
            DoubleVector minusA2 = a.mul(a).neg();
            DoubleVector c = minusA2.max(-708.0);
            DoubleVector t = c.fma(DoubleVector.broadcast(D, Exp.LOG2E), DoubleVector.broadcast(D, Exp.ROUND));
            DoubleVector k = t.sub(Exp.ROUND);
            DoubleVector r = k.fma(DoubleVector.broadcast(D, -Exp.LN2_HI), c);
            r = k.fma(DoubleVector.broadcast(D, -Exp.LN2_LO), r);
            DoubleVector p = r.fma(DoubleVector.broadcast(D, Exp.T9), DoubleVector.broadcast(D, Exp.T8));
            p = p.fma(r, DoubleVector.broadcast(D, Exp.T7));
            p = p.fma(r, DoubleVector.broadcast(D, Exp.T6));
            p = p.fma(r, DoubleVector.broadcast(D, Exp.T5));
            p = p.fma(r, DoubleVector.broadcast(D, Exp.T4));
            p = p.fma(r, DoubleVector.broadcast(D, Exp.T3));
            p = p.fma(r, DoubleVector.broadcast(D, Exp.T2));
            DoubleVector e = p.fma(r.mul(r), r).add(1.0).mul(t.reinterpretAsLongs().sub(Exp.ROUND_BITS).add(1023)
                    .lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles()).blend(0.0, minusA2.lt(-708.0));
            // erfc(a) for a < 1: 1 - a·P(2a² - 1)
            double[] sc = ErfPolynomials.ERF_SMALL;
            DoubleVector s = a.mul(a).mul(2).sub(1);
            DoubleVector q = s.fma(DoubleVector.broadcast(D, sc[7]), DoubleVector.broadcast(D, sc[6]));
            q = q.fma(s, DoubleVector.broadcast(D, sc[5]));
            q = q.fma(s, DoubleVector.broadcast(D, sc[4]));
            q = q.fma(s, DoubleVector.broadcast(D, sc[3]));
            q = q.fma(s, DoubleVector.broadcast(D, sc[2]));
            q = q.fma(s, DoubleVector.broadcast(D, sc[1]));
            q = q.fma(s, DoubleVector.broadcast(D, sc[0]));
            DoubleVector small = a.mul(q).neg().add(1);
            // erfc(a) for a >= 1: exp(-a²)·u·Q(A·u + B), u = 1/(1 + a/2), a clamped at 10.5 inside Q only
            double[] lc = ErfPolynomials.ERFCX_LARGE;
            DoubleVector u = DoubleVector.broadcast(D, 1).div(a.min(ErfPolynomials.LARGE_CLAMP).mul(0.5).add(1));
            DoubleVector w = u.mul(ErfPolynomials.A).add(ErfPolynomials.B);
            DoubleVector ql = w.fma(DoubleVector.broadcast(D, lc[11]), DoubleVector.broadcast(D, lc[10]));
            ql = ql.fma(w, DoubleVector.broadcast(D, lc[9]));
            ql = ql.fma(w, DoubleVector.broadcast(D, lc[8]));
            ql = ql.fma(w, DoubleVector.broadcast(D, lc[7]));
            ql = ql.fma(w, DoubleVector.broadcast(D, lc[6]));
            ql = ql.fma(w, DoubleVector.broadcast(D, lc[5]));
            ql = ql.fma(w, DoubleVector.broadcast(D, lc[4]));
            ql = ql.fma(w, DoubleVector.broadcast(D, lc[3]));
            ql = ql.fma(w, DoubleVector.broadcast(D, lc[2]));
            ql = ql.fma(w, DoubleVector.broadcast(D, lc[1]));
            ql = ql.fma(w, DoubleVector.broadcast(D, lc[0]));
            DoubleVector half = e.mul(u).mul(ql).blend(small, a.lt(1)).mul(0.5);
            DoubleVector cdf = half.neg().add(1).blend(half, v.lt(0));
            DoubleVector out;
            if (backward) {
                DoubleVector g = (DoubleVector) FloatVector.fromArray(F, y, yIndex).convertShape(VectorOperators.F2D, D, 0);
                out = g.mul(v.mul(e).mul(Activation.INV_SQRT_2PI).add(cdf));
            } else {
                out = v.mul(cdf);
            }
            ((FloatVector) out.convertShape(VectorOperators.D2F, F, 0)).intoArray(y, yIndex);
        }
        return i;
    }

    /**
     * Applies {@code activation} in place; ranges of at least {@value #PARALLEL_MIN} elements are split over the
     * shared pool (a call from inside a pool task runs inline).
     */
    public static void apply(Activation activation, float[] x, int off, int n) {
        checkRange("activation x", x, off, n);
        if (activation == Activation.LINEAR) {
            return;
        }
        if (n >= PARALLEL_MIN) {
            ThreadPool.shared().parallelFor(n, (s, e) -> applyRange(activation, x, off + s, e - s));
        } else {
            applyRange(activation, x, off, n);
        }
    }

    private static void applyRange(Activation activation, float[] x, int off, int n) {
        if (activation == Activation.GELU) {
            geluInPlace(x, off, n);
            return;
        }
        for (int i = off; i < off + n; i++) {
            x[i] = (float) activation.value(x[i]);
        }
    }

    /**
     * Back-propagation through the activation: grad[gOff+i] *= f'(x[xOff+i]), where x holds the activation's
     * inputs (pre-activation values). Large ranges are split over the shared pool as in {@link #apply}.
     */
    public static void backward(Activation activation, float[] x, int xOff, float[] grad, int gOff, int n) {
        checkRange("activation backward x", x, xOff, n);
        checkRange("activation backward grad", grad, gOff, n);
        if (n >= PARALLEL_MIN) {
            ThreadPool.shared().parallelFor(n, (s, e) -> backwardRange(activation, x, xOff + s, grad, gOff + s, e - s));
        } else {
            backwardRange(activation, x, xOff, grad, gOff, n);
        }
    }

    private static void backwardRange(Activation activation, float[] x, int xOff, float[] grad, int gOff, int n) {
        if (activation == Activation.GELU) {
            geluBackward(x, xOff, grad, gOff, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            grad[gOff + i] = (float) (grad[gOff + i] * activation.derivative(x[xOff + i]));
        }
    }

    private static void checkRange(String what, float[] array, int off, int n) {
        Objects.requireNonNull(array, what);
        if (n < 0 || off < 0 || off > array.length - n) {
            throw new IllegalArgumentException(what + ": range [" + off + ", " + off + " + " + n
                    + ") does not fit an array of length " + array.length);
        }
    }
}
