package dev.deberta4j.kernels;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The activation functions of transformers' ACT2FN, by their config names, with value and derivative computed in
 * double precision (callers round to float). Formulas follow the transformers/torch definitions.
 */
public enum Activation {
    /** Exact GELU: x·Φ(x) = 0.5·x·(1 + erf(x/√2)). */
    GELU("gelu", "gelu_python") {
        @Override public double value(double x) {
            return x * normalCdf(x);
        }
        @Override public double derivative(double x) {
            return normalCdf(x) + x * Exp.expDouble(-0.5 * x * x) * INV_SQRT_2PI;
        }
    },
    /** Tanh-approximated GELU: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
    GELU_TANH("gelu_new", "gelu_pytorch_tanh") {
        @Override public double value(double x) {
            return tanhGelu(x, SQRT_2_OVER_PI);
        }
        @Override public double derivative(double x) {
            return tanhGeluDerivative(x, SQRT_2_OVER_PI);
        }
    },
    /** transformers' FastGELUActivation: the same formula with the constant written as 0.7978845608. */
    GELU_FAST("gelu_fast") {
        @Override public double value(double x) {
            return tanhGelu(x, 0.7978845608);
        }
        @Override public double derivative(double x) {
            return tanhGeluDerivative(x, 0.7978845608);
        }
    },
    /** x·sigmoid(1.702·x). */
    QUICK_GELU("quick_gelu") {
        @Override public double value(double x) {
            return x * sigmoid(1.702 * x);
        }
        @Override public double derivative(double x) {
            double s = sigmoid(1.702 * x);
            return s + x * 1.702 * s * (1 - s);
        }
    },
    RELU("relu") {
        @Override public double value(double x) {
            return x > 0 ? x : (Double.isNaN(x) ? x : 0);
        }
        @Override public double derivative(double x) {
            return x > 0 ? 1 : 0;
        }
    },
    TANH("tanh") {
        @Override public double value(double x) {
            return Math.tanh(x);
        }
        @Override public double derivative(double x) {
            double t = Math.tanh(x);
            return 1 - t * t;
        }
    },
    SIGMOID("sigmoid") {
        @Override public double value(double x) {
            return sigmoid(x);
        }
        @Override public double derivative(double x) {
            double s = sigmoid(x);
            return s * (1 - s);
        }
    },
    /** x·sigmoid(x). */
    SILU("silu", "swish") {
        @Override public double value(double x) {
            return x * sigmoid(x);
        }
        @Override public double derivative(double x) {
            double s = sigmoid(x);
            return s * (1 + x * (1 - s));
        }
    },
    /** Identity. */
    LINEAR("linear") {
        @Override public double value(double x) {
            return x;
        }
        @Override public double derivative(double x) {
            return 1;
        }
    };

    static final double INV_SQRT2 = 0.7071067811865476;
    static final double INV_SQRT_2PI = 0.3989422804014327;
    static final double SQRT_2_OVER_PI = 0.7978845608028654;

    private final String[] hfNames;

    Activation(String... hfNames) {
        this.hfNames = hfNames;
    }

    /** f(x). */
    public abstract double value(double x);

    /** f'(x), for back-propagation. */
    public abstract double derivative(double x);

    /** The config names (transformers' ACT2FN keys) that select this activation. */
    public String[] hfNames() {
        return hfNames.clone();
    }

    /** The activation a config's hidden_act names; unknown names fail listing the supported ones. */
    public static Activation forName(String hfName) {
        for (Activation a : values()) {
            for (String name : a.hfNames) {
                if (name.equals(hfName)) {
                    return a;
                }
            }
        }
        throw new IllegalArgumentException("unsupported activation '" + hfName + "'; supported: " + supportedNames());
    }

    /** All accepted names, comma-separated. */
    public static String supportedNames() {
        return Arrays.stream(values()).flatMap(a -> Arrays.stream(a.hfNames)).collect(Collectors.joining(", "));
    }

    /** Φ(x) = 0.5·(1 + erf(x/√2)), via erfc on the negative side so the left tail keeps its relative accuracy. */
    static double normalCdf(double x) {
        double ec = ErfPolynomials.erfcNonNegative(Math.abs(x) * INV_SQRT2);
        return x >= 0 ? 1 - 0.5 * ec : 0.5 * ec;
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static double tanhGelu(double x, double c) {
        return 0.5 * x * (1 + Math.tanh(c * x * (1 + 0.044715 * x * x)));
    }

    private static double tanhGeluDerivative(double x, double c) {
        double t = Math.tanh(c * x * (1 + 0.044715 * x * x));
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * c * (1 + 3 * 0.044715 * x * x);
    }
}
