package dev.deberta4j.model;

import java.util.Arrays;

/**
 * DeBERTa-V2's ConvLayer as kernel taps, the layout that inference ({@link ConvLayer}, taps built once at load) and
 * training ({@code train.TrainableConvLayer}, taps rebuilt every pass from the trained weight) share: conv1d with
 * padding (k-1)/2 is the sum over taps u of (the input shifted by u - (k-1)/2) times tap u's dense [out, in] matrix,
 * zero outside its group. Internal: public only because {@code train} is another package.
 */
public final class ConvTaps {
    private ConvTaps() {
    }

    /** Output row t of tap u reads input row t + offset(u). */
    public static int offset(int u, int kernel) {
        return u - (kernel - 1) / 2;
    }

    /** Tap u of conv.weight [hidden, hidden/groups, kernel] as a dense [hidden, hidden] matrix [out, in]. */
    public static float[] dense(float[] weight, int hidden, int groups, int kernel, int u) {
        int perGroup = hidden / groups;
        float[] dense = new float[hidden * hidden];
        for (int o = 0; o < hidden; o++) {
            int g = o / perGroup;
            for (int ci = 0; ci < perGroup; ci++) {
                dense[o * hidden + g * perGroup + ci] = weight[(o * perGroup + ci) * kernel + u];
            }
        }
        return dense;
    }

    /** The adjoint of {@link #dense}: adds tap u's entries of a dense [hidden, hidden] gradient into conv.weight's. */
    public static void accumulateDense(float[] dDense, int hidden, int groups, int kernel, int u, float[] dWeight) {
        int perGroup = hidden / groups;
        for (int o = 0; o < hidden; o++) {
            int g = o / perGroup;
            for (int ci = 0; ci < perGroup; ci++) {
                dWeight[(o * perGroup + ci) * kernel + u] += dDense[o * hidden + g * perGroup + ci];
            }
        }
    }

    /**
     * out [batch·L, width] = x shifted within each sequence: row t of out is row t + offset of x, zero where that
     * is outside the sequence.
     */
    public static void shift(float[] x, int batch, int len, int width, int offset, float[] out) {
        Arrays.fill(out, 0f);
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < len; t++) {
                int src = t + offset;
                if (src >= 0 && src < len) System.arraycopy(x, (b * len + src) * width, out, (b * len + t) * width, width);
            }
        }
    }
}
