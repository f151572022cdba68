package dev.deberta4j.train;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finite-difference gradient checks in float32: the derivative of an objective along a random direction u,
 * (f(x + h·u) − f(x − h·u)) / 2h, against the analytic Σ g·u. A direction covers every element of x at once, so
 * a wrong gradient anywhere in the tensor shows, and the sum is large enough to stand above float32 noise.
 */
public final class FiniteDifference {
    static final double STEP = 1e-2;
    static final double RELATIVE_TOLERANCE = 2e-2;

    private FiniteDifference() {
    }

    /**
     * @param x         the values being perturbed (restored afterwards)
     * @param gradient  the analytic gradient of the objective with respect to x
     * @param objective recomputes the objective from the current x
     */
    public static void check(String what, float[] x, float[] gradient, DoubleSupplier objective, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] u = new float[x.length];
        double analytic = 0;
        double scale = 0;
        for (int i = 0; i < x.length; i++) {
            u[i] = (float) random.nextGaussian();
            analytic += (double) gradient[i] * u[i];
            scale += Math.abs((double) gradient[i] * u[i]);
        }
        float[] saved = x.clone();
        for (int i = 0; i < x.length; i++) x[i] = (float) (saved[i] + STEP * u[i]);
        double plus = objective.getAsDouble();
        for (int i = 0; i < x.length; i++) x[i] = (float) (saved[i] - STEP * u[i]);
        double minus = objective.getAsDouble();
        System.arraycopy(saved, 0, x, 0, x.length);
        double numeric = (plus - minus) / (2 * STEP);
        // float32 rounding of the objective (relative ~1e-6 after a pass) divided by the step.
        double noiseFloor = 1e-6 * (Math.abs(plus) + Math.abs(minus)) / STEP + 1e-6;
        // Some gradients are exactly 0 by the maths (e.g. c2p's pos_key_proj.bias shifts a query's scores
        // uniformly, which softmax cancels): then the objective must not move either.
        assertThat(numeric).as(what + ": finite difference vs analytic directional derivative " + analytic)
                .isCloseTo(analytic, org.assertj.core.api.Assertions.within(RELATIVE_TOLERANCE * scale + noiseFloor));
    }

    /** A fixed random weighting w so that Σ w·y is a scalar objective with gradient w. */
    public static float[] weights(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] w = new float[n];
        for (int i = 0; i < n; i++) w[i] = (float) random.nextGaussian();
        return w;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
        return s;
    }
}
