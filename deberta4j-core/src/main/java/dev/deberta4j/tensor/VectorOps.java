package dev.deberta4j.tensor;

/** PLACEHOLDER (replaced by the kernels branch). */
public final class VectorOps {
    private VectorOps() {}
    public static float dot(float[] a, int aOff, float[] b, int bOff, int n) { float s = 0; for (int i = 0; i < n; i++) s += a[aOff + i] * b[bOff + i]; return s; }
    public static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) { for (int i = 0; i < n; i++) y[yOff + i] += alpha * x[xOff + i]; }
    public static void add(float[] x, int xOff, float[] y, int yOff, int n) { for (int i = 0; i < n; i++) y[yOff + i] += x[xOff + i]; }
    public static void scale(float[] x, int off, int n, float s) { for (int i = 0; i < n; i++) x[off + i] *= s; }
    public static float sum(float[] x, int off, int n) { float s = 0; for (int i = 0; i < n; i++) s += x[off + i]; return s; }
    public static float max(float[] x, int off, int n) { float m = Float.NEGATIVE_INFINITY; for (int i = 0; i < n; i++) m = Math.max(m, x[off + i]); return m; }
    public static float expSubtractInPlace(float[] x, int off, int n, float shift) { float s = 0; for (int i = 0; i < n; i++) { x[off + i] = (float) Math.exp(x[off + i] - shift); s += x[off + i]; } return s; }
}
