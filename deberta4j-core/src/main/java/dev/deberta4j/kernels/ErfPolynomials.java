package dev.deberta4j.kernels;


/**
 * erf and erfc in double precision (relative error below 4e-11), so that float results rounded from them are
 * correctly rounded except in rare near-tie cases. Java has no Math.erf.
 *
 * <p>Two Chebyshev interpolants, written as polynomials in a variable mapped onto [-1, 1] for good conditioning
 * (coefficients fitted offline against scipy's erf/erfcx, degrees 7 and 11):
 * <ul>
 *   <li>0 <= a < 1: erf(a) = a·P(2a² − 1);</li>
 *   <li>1 <= a: erfc(a) = exp(−a²)·t·Q(A·t + B) with t = 1/(1 + a/2). Q is fitted on a in [1, 10.5] and a is
 *       clamped there: beyond 10.5, erfc(a) < 1e-49 is below the smallest float, and exp(−a²) uses the true a
 *       so the result still decays to 0.</li>
 * </ul>
 * The large-a form has no cancellation, so erfc keeps its relative accuracy far into the tail (GELU of negative
 * inputs needs that).
 */
final class ErfPolynomials {
    static final double[] ERF_SMALL = {
        0.9654687386375694, -0.14053608902112208, 0.01985249772245392,
        -0.002285485612205568, 0.00021751199062397539, -1.7536914194593578e-05,
        1.2316395965328295e-06, -7.552377745412288e-08};
    static final double[] ERFCX_LARGE = {
        0.4553316663986393, 0.1504743783621275, 0.03299000851968598,
        0.0031944351542136833, -0.0004842187520169379, -0.0001499479154961188,
        1.3194737087743315e-05, 6.953775450762281e-06, -8.435135283414682e-07,
        -3.3674899125280586e-07, 6.14375851068729e-08, 1.2781607795813171e-08};
    /** Affine map t -> A·t + B taking t in [1/6.25, 1/1.5] onto [-1, 1]. */
    static final double A = 3.9473684210526323;
    static final double B = -1.6315789473684212;
    static final double LARGE_CLAMP = 10.5;

    private ErfPolynomials() {}

    /** erf(x) for any x (odd, saturates at ±1, NaN stays NaN). */
    static double erf(double x) {
        double a = Math.abs(x);
        double r = a < 1 ? a * horner(ERF_SMALL, 2 * a * a - 1) : 1 - erfcLarge(a);
        return Math.copySign(r, x);
    }

    /** erfc(a) for a >= 0 (or NaN). */
    static double erfcNonNegative(double a) {
        return a < 1 ? 1 - a * horner(ERF_SMALL, 2 * a * a - 1) : erfcLarge(a);
    }

    private static double erfcLarge(double a) {
        double t = 1 / (1 + 0.5 * Math.min(a, LARGE_CLAMP));
        return Exp.expDouble(-a * a) * t * horner(ERFCX_LARGE, A * t + B);
    }

    private static double horner(double[] c, double s) {
        double r = c[c.length - 1];
        for (int i = c.length - 2; i >= 0; i--) {
            r = Math.fma(r, s, c[i]);
        }
        return r;
    }

}
