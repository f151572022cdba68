package dev.deberta4j.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class ActivationsTest {

    /** Error of a float result in units of the last place of the exactly rounded reference. */
    private static double ulps(float got, double ref) {
        float rounded = (float) ref;
        double ulp = Math.ulp(rounded == 0 ? Float.MIN_NORMAL : Math.abs(rounded));
        return Math.abs(got - ref) / Math.max(ulp, Float.MIN_VALUE);
    }

    /** A dense grid over [lo, hi] plus random floats from the same interval. */
    private static float[] grid(double lo, double hi, double step, int randomCount, long seed) {
        int dense = (int) ((hi - lo) / step) + 1;
        float[] v = new float[dense + randomCount];
        for (int i = 0; i < dense; i++) {
            v[i] = (float) (lo + i * step);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = dense; i < v.length; i++) {
            v[i] = (float) (lo + rnd.nextDouble() * (hi - lo));
        }
        return v;
    }

    @Test
    void referenceOracleMatchesPublishedValues() {
        assertThat(ReferenceErf.erf(1.0)).isCloseTo(0.8427007929497149, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(ReferenceErf.erf(0.1)).isCloseTo(0.1124629160182849, org.assertj.core.data.Offset.offset(1e-16));
        assertThat(ReferenceErf.erfc(3.0) / 2.209049699858544e-05).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(ReferenceErf.erfc(5.0) / 1.5374597944280349e-12).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void erfIsWithinOneUlpOverADenseGrid() {
        float[] xs = grid(-6, 6, 1e-4, 100_000, 1);
        double worst = 0;
        for (float x : xs) {
            double e = ulps(Activations.erf(x), ReferenceErf.erf(x));
            if (e > 1) {
                fail("erf(" + x + ") = " + Activations.erf(x) + ", reference " + ReferenceErf.erf(x) + " (" + e + " ulp)");
            }
            worst = Math.max(worst, e);
        }
        assertThat(worst).isLessThanOrEqualTo(1.0);
        assertThat(Activations.erf(0f)).isEqualTo(0f);
        assertThat(Activations.erf(1e-30f)).isEqualTo((float) (1e-30 * 1.1283791670955126));
        assertThat(Activations.erf(50f)).isEqualTo(1f);
        assertThat(Activations.erf(Float.NEGATIVE_INFINITY)).isEqualTo(-1f);
        assertThat(Activations.erf(Float.NaN)).isNaN();
    }

    @Test
    void geluVectorAndScalarAreWithinOneUlpIncludingTheLeftTail() {
        ColdTiles.handOver();   // the vector path, against the scalar gelu the cold path runs (the same bits)
        float[] xs = grid(-14, 10, 1e-4, 100_000, 2);
        float[] y = xs.clone();
        Activations.geluInPlace(y, 0, y.length);
        for (int i = 0; i < xs.length; i++) {
            double ref = ReferenceErf.gelu(xs[i]);
            double e = ulps(y[i], ref);
            if (e > 1 && Math.abs(y[i] - ref) > Float.MIN_VALUE) {
                fail("geluInPlace(" + xs[i] + ") = " + y[i] + ", reference " + ref + " (" + e + " ulp)");
            }
            if (Activations.gelu(xs[i]) != y[i]) {
                fail("scalar gelu(" + xs[i] + ") = " + Activations.gelu(xs[i]) + " differs from vector " + y[i]);
            }
        }
        float[] special = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, -40f, 40f};
        Activations.geluInPlace(special, 0, special.length);
        // gelu(-inf) = -inf·0 is NaN, as in torch's x·0.5·(1 + erf(x/√2)).
        assertThat(special).containsExactly(0f, -0f, Float.POSITIVE_INFINITY, Float.NaN, Float.NaN, -0f, 40f);
    }

    @Test
    void geluInPlaceTouchesOnlyItsRange() {
        for (int n = 0; n <= 19; n++) {
            float[] x = new float[n + 6];
            java.util.Arrays.fill(x, 1f);
            Activations.geluInPlace(x, 3, n);
            for (int i = 0; i < x.length; i++) {
                boolean inside = i >= 3 && i < 3 + n;
                assertThat(x[i]).as("n=%d index %d", n, i).isEqualTo(inside ? (float) ReferenceErf.gelu(1) : 1f);
            }
        }
    }

    @Test
    void geluBackwardMatchesTheAnalyticDerivativeWithinOneUlp() {
        float[] xs = grid(-14, 10, 1e-3, 20_000, 5);
        float[] grad = new float[xs.length + 3];
        for (int i = 0; i < grad.length; i++) {
            grad[i] = 1 + (i % 7) * 0.25f;
        }
        float[] before = grad.clone();
        Activations.geluBackward(xs, 0, grad, 3, xs.length);
        assertThat(java.util.Arrays.copyOf(grad, 3)).containsExactly(java.util.Arrays.copyOf(before, 3));
        for (int i = 0; i < xs.length; i++) {
            double x = xs[i];
            double ec = ReferenceErf.erfc(Math.abs(x) / Math.sqrt(2));
            double cdf = x >= 0 ? 1 - 0.5 * ec : 0.5 * ec;
            double expected = before[i + 3] * (cdf + x * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI));
            // Near the GELU minimum (x ≈ -0.75) Φ(x) and x·φ(x) (both ≈ 0.23) cancel: allow their 1e-9 too.
            double allowed = Math.ulp((float) expected) + 1e-9 * before[i + 3];
            if (Math.abs(grad[i + 3] - expected) > allowed) {
                fail("geluBackward at x=" + x + ": " + grad[i + 3] + ", expected " + expected);
            }
        }
    }

    /** Independent double formulas for every ACT2FN name. */
    private static DoubleUnaryOperator reference(String name) {
        DoubleUnaryOperator sigmoid = v -> 1 / (1 + Math.exp(-v));
        return switch (name) {
            case "gelu", "gelu_python" -> ReferenceErf::gelu;
            case "gelu_new", "gelu_pytorch_tanh" ->
                    v -> 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
            case "gelu_fast" -> v -> 0.5 * v * (1 + Math.tanh(v * 0.7978845608 * (1 + 0.044715 * v * v)));
            case "quick_gelu" -> v -> v * sigmoid.applyAsDouble(1.702 * v);
            case "relu" -> v -> Math.max(0, v);
            case "tanh" -> Math::tanh;
            case "sigmoid" -> sigmoid;
            case "silu", "swish" -> v -> v * sigmoid.applyAsDouble(v);
            case "linear" -> v -> v;
            default -> throw new AssertionError(name);
        };
    }

    private static final String[] NAMES = {"gelu", "gelu_python", "gelu_new", "gelu_pytorch_tanh", "gelu_fast",
        "quick_gelu", "relu", "tanh", "sigmoid", "silu", "swish", "linear"};

    @Test
    void everyNamedActivationMatchesItsFormula() {
        float[] xs = grid(-10, 10, 1e-3, 5_000, 3);
        for (String name : NAMES) {
            DoubleUnaryOperator ref = reference(name);
            float[] y = xs.clone();
            Activations.apply(Activation.forName(name), y, 0, y.length);
            for (int i = 0; i < xs.length; i++) {
                double expected = ref.applyAsDouble(xs[i]);
                // Cancellation in 1 + tanh(u) for very negative inputs: compare absolutely there.
                if (ulps(y[i], expected) > 1 && Math.abs(y[i] - expected) > 1e-12) {
                    fail(name + "(" + xs[i] + ") = " + y[i] + ", reference " + expected);
                }
            }
        }
    }

    @Test
    void derivativesMatchCentralDifferencesOfTheReference() {
        float[] xs = grid(-8, 8, 1e-2, 500, 4);
        for (String name : NAMES) {
            DoubleUnaryOperator ref = reference(name);
            float[] grad = new float[xs.length];
            java.util.Arrays.fill(grad, 2f);
            Activations.backward(Activation.forName(name), xs, 0, grad, 0, xs.length);
            for (int i = 0; i < xs.length; i++) {
                double x = xs[i];
                if (name.equals("relu") && Math.abs(x) < 1e-3) {
                    continue; // kink at 0
                }
                double h = 1e-5;
                double numeric = (ref.applyAsDouble(x + h) - ref.applyAsDouble(x - h)) / (2 * h);
                if (Math.abs(grad[i] - 2 * numeric) > 1e-6 * Math.max(1, Math.abs(numeric))) {
                    fail(name + "'(" + x + ") = " + grad[i] / 2 + ", numeric " + numeric);
                }
            }
        }
        assertThat(Activations.geluGrad(0f)).isEqualTo(0.5f);
        assertThat(Activations.geluGrad(1f)).isCloseTo(1.0833154705876864f, org.assertj.core.data.Offset.offset(1e-7f));
    }

    @Test
    void largeRangesSplitOverThePoolGiveTheSameResultsAsOneThread() {
        float[] xs = grid(-9, 9, 1e-4, 0, 6);
        assertThat(xs.length).isGreaterThan(4 * Activations.PARALLEL_MIN);
        for (Activation activation : new Activation[] {Activation.GELU, Activation.SILU, Activation.GELU_TANH}) {
            float[] y = new float[xs.length + 2];
            System.arraycopy(xs, 0, y, 1, xs.length);
            Activations.apply(activation, y, 1, xs.length);
            float[] grad = new float[xs.length];
            java.util.Arrays.fill(grad, 3f);
            Activations.backward(activation, xs, 0, grad, 0, xs.length);
            for (int i = 0; i < xs.length; i++) {
                float[] one = {xs[i]};
                Activations.apply(activation, one, 0, 1);
                float[] oneGrad = {3f};
                Activations.backward(activation, xs, i, oneGrad, 0, 1);
                if (y[i + 1] != one[0] || grad[i] != oneGrad[0]) {
                    fail(activation + " at " + xs[i] + ": range gave " + y[i + 1] + "/" + grad[i]
                            + ", single element " + one[0] + "/" + oneGrad[0]);
                }
            }
            assertThat(y[0]).isZero();
            assertThat(y[y.length - 1]).isZero();
        }
    }

    @Test
    void unknownNamesAreRejectedWithTheSupportedList() {
        assertThatThrownBy(() -> Activation.forName("gelu_10"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'gelu_10'").hasMessageContaining("gelu_new").hasMessageContaining("swish");
        assertThatThrownBy(() -> Activations.geluInPlace(new float[4], 2, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length 4");
    }
}
