package dev.deberta4j.kernels;

import java.util.Objects;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector-API element-wise kernels over float[] ranges. Each loop runs whole 8-lane vectors and finishes the tail
 * with scalar code; reductions keep per-lane partial results and combine them at the end, so their rounding
 * differs slightly from a left-to-right scalar loop.
 */
public final class VectorOps {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int L = S.length();
    /**
     * Double-precision loops: 8 lanes with the 512-bit kernel, 4 with the 256-bit one (elementwise results have the
     * same bits either way; sums are added per lane, so their last bits follow the lane count).
     */
    private static final VectorSpecies<Double> D = MicroKernel.SPECIES.vectorBitSize() >= 512
            ? DoubleVector.SPECIES_512 : DoubleVector.SPECIES_256;
    private static final VectorSpecies<Float> DF = D.vectorBitSize() >= 512
            ? FloatVector.SPECIES_256 : FloatVector.SPECIES_128;
    private static final int DL = DF.length();

    private VectorOps() {}

    /** Σ a[aOff+i]·b[bOff+i] over i in [0, n). */
    public static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        checkRange("dot a", a, aOff, n);
        checkRange("dot b", b, bOff, n);
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = FloatVector.zero(S);
        int i = 0;
        for (; i + 2 * L <= n; i += 2 * L) {   // two chains hide the FMA latency
            acc0 = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), acc0);
            acc1 = FloatVector.fromArray(S, a, aOff + i + L).fma(FloatVector.fromArray(S, b, bOff + i + L), acc1);
        }
        for (; i + L <= n; i += L) {
            acc0 = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), acc0);
        }
        float sum = Exp.sumLanes(acc0.add(acc1));
        for (; i < n; i++) {
            sum = Math.fma(a[aOff + i], b[bOff + i], sum);
        }
        return sum;
    }

    /** y[yOff+i] += alpha·x[xOff+i]. */
    public static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        checkRange("axpy x", x, xOff, n);
        checkRange("axpy y", y, yOff, n);
        FloatVector va = FloatVector.broadcast(S, alpha);
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(S, x, xOff + i).fma(va, FloatVector.fromArray(S, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = Math.fma(x[xOff + i], alpha, y[yOff + i]);
        }
    }

    /** y[yOff+i] += x[xOff+i]. */
    public static void add(float[] x, int xOff, float[] y, int yOff, int n) {
        checkRange("add x", x, xOff, n);
        checkRange("add y", y, yOff, n);
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(S, y, yOff + i).add(FloatVector.fromArray(S, x, xOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] += x[xOff + i];
        }
    }

    /** y[yOff+i] *= x[xOff+i]. */
    public static void multiply(float[] x, int xOff, float[] y, int yOff, int n) {
        checkRange("multiply x", x, xOff, n);
        checkRange("multiply y", y, yOff, n);
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(S, y, yOff + i).mul(FloatVector.fromArray(S, x, xOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] *= x[xOff + i];
        }
    }

    /** x[off+i] *= s. */
    public static void scale(float[] x, int off, int n, float s) {
        checkRange("scale x", x, off, n);
        FloatVector vs = FloatVector.broadcast(S, s);
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(S, x, off + i).mul(vs).intoArray(x, off + i);
        }
        for (; i < n; i++) {
            x[off + i] *= s;
        }
    }

    /** Σ x[off+i]; 0 for an empty range. */
    public static float sum(float[] x, int off, int n) {
        checkRange("sum x", x, off, n);
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (; i + L <= n; i += L) {
            acc = acc.add(FloatVector.fromArray(S, x, off + i));
        }
        float sum = Exp.sumLanes(acc);
        for (; i < n; i++) {
            sum += x[off + i];
        }
        return sum;
    }

    /** max x[off+i]; -Infinity for an empty range, NaN if any element is NaN (as Math.max). */
    public static float max(float[] x, int off, int n) {
        checkRange("max x", x, off, n);
        FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i + L <= n; i += L) {
            acc = acc.max(FloatVector.fromArray(S, x, off + i));
        }
        float max = acc.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            max = Math.max(max, x[off + i]);
        }
        return max;
    }

    /** Σ x[off+i] accumulated in double (the order of {@link #sumInDouble(float[], int, int, boolean, double)}). */
    public static double sumInDouble(float[] x, int off, int n) {
        return sumInDouble(x, off, n, false, 0);
    }

    /** Σ (x[off+i] - mean)² accumulated in double: with {@link #sumInDouble(float[], int, int)}, a LayerNorm's statistics. */
    public static double squaredDeviations(float[] x, int off, int n, double mean) {
        return sumInDouble(x, off, n, true, mean);
    }

    /**
     * Σ x[off+i] or Σ (x[off+i] - mean)² in double: per-lane partial sums, then the lanes from lane 0, then the
     * scalar tail (a fixed order: the same bits compiled or not).
     */
    private static double sumInDouble(float[] x, int off, int n, boolean squares, double mean) {
        checkRange("sumInDouble x", x, off, n);
        if (ColdTiles.takeElements(n)) return coldSumInDouble(x, off, n, squares, mean);
        DoubleVector acc = DoubleVector.zero(D);
        int i = 0;
        for (; i + DL <= n; i += DL) {
            DoubleVector v = (DoubleVector) FloatVector.fromArray(DF, x, off + i).convertShape(VectorOperators.F2D, D, 0);
            if (squares) {
                v = v.sub(mean);
                v = v.mul(v);
            }
            acc = acc.add(v);
        }
        double sum = 0;
        for (int lane = 0; lane < DL; lane++) sum += acc.lane(lane);
        for (; i < n; i++) {
            double d = squares ? x[off + i] - mean : x[off + i];
            sum += squares ? d * d : d;
        }
        return sum;
    }

    /** {@link #sumInDouble(float[], int, int, boolean, double)} in scalar code: the same per-lane sums, same bits. */
    static double coldSumInDouble(float[] x, int off, int n, boolean squares, double mean) {
        double[] acc = new double[DL];
        int i = 0;
        for (; i + DL <= n; i += DL) {
            for (int lane = 0; lane < DL; lane++) {
                double v = x[off + i + lane];
                if (squares) {
                    v = v - mean;
                    v = v * v;
                }
                acc[lane] = acc[lane] + v;
            }
        }
        double sum = 0;
        for (int lane = 0; lane < DL; lane++) sum += acc[lane];
        for (; i < n; i++) {
            double d = squares ? x[off + i] - mean : x[off + i];
            sum += squares ? d * d : d;
        }
        return sum;
    }

    /** out[outOff+i] = (float) ((x[off+i] - mean) · inv), evaluated in double: a standardised LayerNorm row. */
    public static void standardize(float[] x, int off, int n, double mean, double inv, float[] out, int outOff) {
        checkRange("standardize x", x, off, n);
        checkRange("standardize out", out, outOff, n);
        int i = 0;
        if (!ColdTiles.takeElements(n)) {   // cold: all in the scalar loop (the same expression, so the same bits)
            for (; i + DL <= n; i += DL) {
                DoubleVector v = (DoubleVector) FloatVector.fromArray(DF, x, off + i).convertShape(VectorOperators.F2D, D, 0);
                ((FloatVector) v.sub(mean).mul(inv).convertShape(VectorOperators.D2F, DF, 0)).intoArray(out, outOff + i);
            }
        }
        for (; i < n; i++) {
            out[outOff + i] = (float) ((x[off + i] - mean) * inv);
        }
    }

    /** x[off+i] = x[off+i]·w[i] + b[i] (a multiply then an add, as the scalar expression: no fused rounding). */
    public static void mulAdd(float[] x, int off, float[] w, float[] b, int n) {
        checkRange("mulAdd x", x, off, n);
        checkRange("mulAdd w", w, 0, n);
        checkRange("mulAdd b", b, 0, n);
        int i = 0;
        if (!ColdTiles.takeElements(n)) {   // cold: all in the scalar loop (the same expression, so the same bits)
            for (; i + L <= n; i += L) {
                FloatVector.fromArray(S, x, off + i).mul(FloatVector.fromArray(S, w, i)).add(FloatVector.fromArray(S, b, i))
                        .intoArray(x, off + i);
            }
        }
        for (; i < n; i++) {
            x[off + i] = x[off + i] * w[i] + b[i];
        }
    }

    /**
     * x[off+i] = exp(x[off+i] - shift) and returns their sum: the numerator and denominator of a softmax.
     * Bit-for-bit the same whether or not C2 has compiled the caller (see {@link Exp}).
     */
    public static float expSubtractInPlace(float[] x, int off, int n, float shift) {
        checkRange("expSubtractInPlace x", x, off, n);
        return Exp.expSubtractInPlace(x, off, n, shift);
    }

    private static void checkRange(String what, float[] array, int off, int n) {
        Objects.requireNonNull(array, what);
        if (n < 0 || off < 0 || off > array.length - n) {
            throw new IllegalArgumentException(what + ": range [" + off + ", " + off + " + " + n
                    + ") does not fit an array of length " + array.length);
        }
    }
}
