package dev.deberta4j.kernels;

/** Test oracle: erf/erfc in double by textbook series and continued fraction, independent of ErfPolynomials. */
final class ReferenceErf {
    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;

    private ReferenceErf() {}

    static double erf(double x) {
        double a = Math.abs(x);
        double r = a < 2.5 ? series(a) : 1 - continuedFraction(a);
        return Math.copySign(r, x);
    }

    /** erfc(a) for a >= 0. */
    static double erfc(double a) {
        return a < 2.5 ? 1 - series(a) : continuedFraction(a);
    }

    /** Maclaurin series: 2/√π Σ (-1)^n a^(2n+1) / (n! (2n+1)). */
    private static double series(double a) {
        double term = a;       // (-1)^n a^(2n+1) / n!
        double sum = a;
        for (int n = 1; n < 200; n++) {
            term *= -a * a / n;
            double contribution = term / (2 * n + 1);
            sum += contribution;
            if (Math.abs(contribution) < 1e-18 * Math.abs(sum)) {
                break;
            }
        }
        return TWO_OVER_SQRT_PI * sum;
    }

    /** erfc(a) = exp(-a²)/√π · 1/(a + (1/2)/(a + 1/(a + (3/2)/(a + ...)))), evaluated from the tail. */
    private static double continuedFraction(double a) {
        double f = a;
        for (int k = 300; k >= 1; k--) {
            f = a + (k * 0.5) / f;
        }
        return Math.exp(-a * a) / Math.sqrt(Math.PI) / f;
    }

    /** GELU = 0.5·x·(1 + erf(x/√2)), through erfc on the negative side. */
    static double gelu(double x) {
        double ec = erfc(Math.abs(x) / Math.sqrt(2));
        return x >= 0 ? x * (1 - 0.5 * ec) : x * 0.5 * ec;
    }
}
