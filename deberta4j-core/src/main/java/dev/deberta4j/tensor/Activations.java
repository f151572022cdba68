package dev.deberta4j.tensor;

/** PLACEHOLDER (replaced by the kernels branch). */
public final class Activations {
    private Activations() {}
    public static float erf(float x) { return (float) erfD(x); }
    static double erfD(double x) {
        // Abramowitz-Stegun 7.1.26 is too coarse; use series/continued fraction in double.
        double ax = Math.abs(x);
        double r;
        if (ax < 3) { double sum = ax, term = ax, x2 = ax * ax; for (int n = 1; n < 200; n++) { term *= -x2 / n; double t = term / (2 * n + 1); sum += t; if (Math.abs(t) < 1e-17) break; } r = 2 / Math.sqrt(Math.PI) * sum; }
        else { double f = 0; for (int n = 60; n >= 1; n--) f = n / 2.0 / (ax + f); r = 1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / (ax + f); }
        return x < 0 ? -r : r;
    }
    public static void geluInPlace(float[] x, int off, int n) { for (int i = 0; i < n; i++) { double v = x[off + i]; x[off + i] = (float) (0.5 * v * (1 + erfD(v / Math.sqrt(2)))); } }
    public static void apply(String name, float[] x, int off, int n) {
        switch (name) {
            case "gelu" -> geluInPlace(x, off, n);
            case "tanh" -> { for (int i = 0; i < n; i++) x[off + i] = (float) Math.tanh(x[off + i]); }
            case "relu" -> { for (int i = 0; i < n; i++) x[off + i] = Math.max(0, x[off + i]); }
            case "linear" -> { }
            default -> throw new IllegalArgumentException("unsupported activation " + name);
        }
    }
}
