package dev.deberta4j.tensor;

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
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_128;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_256;
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

    /** x = 0.5·x·(1 + erf(x/√2)) in place, 4 lanes of double at a time. */
    public static void geluInPlace(float[] x, int off, int n) {
        checkRange("geluInPlace x", x, off, n);
        int i = 0;
        for (; i + L <= n; i += L) {
            DoubleVector v = load(x, off + i);
            DoubleVector a = v.abs().mul(Activation.INV_SQRT2);
            DoubleVector cdf = normalCdf(v, a, Exp.expDouble(a.mul(a).neg()));
            store(v.mul(cdf), x, off + i);
        }
        for (; i < n; i++) {
            x[off + i] = gelu(x[off + i]);
        }
    }

    /** Back-propagation through exact GELU: grad[gOff+i] *= Φ(x) + x·φ(x) with x = x[xOff+i], vectorised. */
    public static void geluBackward(float[] x, int xOff, float[] grad, int gOff, int n) {
        checkRange("geluBackward x", x, xOff, n);
        checkRange("geluBackward grad", grad, gOff, n);
        int i = 0;
        for (; i + L <= n; i += L) {
            DoubleVector v = load(x, xOff + i);
            DoubleVector a = v.abs().mul(Activation.INV_SQRT2);
            DoubleVector e = Exp.expDouble(a.mul(a).neg());   // exp(-x²/2)
            DoubleVector derivative = v.mul(e).mul(Activation.INV_SQRT_2PI).add(normalCdf(v, a, e));
            store(load(grad, gOff + i).mul(derivative), grad, gOff + i);
        }
        for (; i < n; i++) {
            grad[gOff + i] = (float) (grad[gOff + i] * Activation.GELU.derivative(x[xOff + i]));
        }
    }

    /** Φ(v) = 1 − erfc(a)/2 for v >= 0 and erfc(a)/2 for v < 0, with a = |v|/√2 and e = exp(−a²). */
    private static DoubleVector normalCdf(DoubleVector v, DoubleVector a, DoubleVector e) {
        DoubleVector half = ErfPolynomials.erfcNonNegative(a, e).mul(0.5);
        return half.neg().add(1).blend(half, v.lt(0));
    }

    private static DoubleVector load(float[] x, int index) {
        return (DoubleVector) FloatVector.fromArray(F, x, index).convertShape(VectorOperators.F2D, D, 0);
    }

    private static void store(DoubleVector v, float[] x, int index) {
        ((FloatVector) v.convertShape(VectorOperators.D2F, F, 0)).intoArray(x, index);
    }

    /** Applies the activation that a config's hidden_act names (see {@link Activation#forName}) in place. */
    public static void apply(String hfName, float[] x, int off, int n) {
        apply(Activation.forName(hfName), x, off, n);
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

    /** {@link #backward(Activation, float[], int, float[], int, int)} by config name. */
    public static void backward(String hfName, float[] x, int xOff, float[] grad, int gOff, int n) {
        backward(Activation.forName(hfName), x, xOff, grad, gOff, n);
    }

    private static void checkRange(String what, float[] array, int off, int n) {
        Objects.requireNonNull(array, what);
        if (n < 0 || off < 0 || off > array.length - n) {
            throw new IllegalArgumentException(what + ": range [" + off + ", " + off + " + " + n
                    + ") does not fit an array of length " + array.length);
        }
    }
}
