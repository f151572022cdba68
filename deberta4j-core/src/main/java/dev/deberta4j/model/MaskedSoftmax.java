package dev.deberta4j.model;

import dev.deberta4j.kernels.Exp;
import dev.deberta4j.kernels.VectorOps;

/**
 * transformers' XSoftmax over one row of attention scores: softmax over the unmasked keys, masked keys exactly 0.
 * Shared by the inference engine and training ({@code dev.deberta4j.train}).
 *
 * <p>The exponentials come from {@link Exp}, which gives the same bits in the interpreter and in compiled code.
 * The Vector API's lanewise EXP does not: its results change in the last bit once C2 compiles the loop, so a
 * softmax built on it gives different bits before and after warm-up, and a training run resumed in a fresh JVM
 * would drift from the uninterrupted one.
 */
public final class MaskedSoftmax {
    private MaskedSoftmax() {
    }

    /** Replaces x[off, off + len) by its softmax over the keys j with mask[maskOff + j] != 0. */
    public static void apply(float[] x, int off, int len, int[] mask, int maskOff) {
        if (keepsAll(mask, maskOff, len)) {
            applyUnmasked(x, off, len);
            return;
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < len; j++) {
            if (mask[maskOff + j] != 0 && x[off + j] > max) max = x[off + j];
        }
        float sum = 0;
        for (int j = 0; j < len; j++) {
            if (mask[maskOff + j] != 0) {
                float e = Exp.exp(x[off + j] - max);
                x[off + j] = e;
                sum += e;
            } else {
                x[off + j] = 0f;
            }
        }
        VectorOps.scale(x, off, len, 1f / sum);
    }

    /**
     * {@link #apply} for a row none of whose keys is masked (see {@link #keepsAll}), on vectors throughout; callers
     * that softmax many rows against one mask test it once.
     */
    public static void applyUnmasked(float[] x, int off, int len) {
        float max = VectorOps.max(x, off, len);
        VectorOps.scale(x, off, len, 1f / VectorOps.expSubtractInPlace(x, off, len, max));
    }

    /** True when no key in mask[maskOff, maskOff + len) is masked (0). */
    public static boolean keepsAll(int[] mask, int maskOff, int len) {
        for (int j = 0; j < len; j++) {
            if (mask[maskOff + j] == 0) return false;
        }
        return true;
    }
}
