package dev.deberta4j.model;

import dev.deberta4j.kernels.Exp;
import dev.deberta4j.kernels.VectorOps;

import java.util.Arrays;

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
        apply(x, off, len, mask, maskOff, keptPrefix(mask, maskOff, len));
    }

    /**
     * {@link #apply} given {@code kept = keptPrefix(mask, maskOff, len)}, which callers that softmax many rows against
     * one mask find once: a mask that keeps a prefix of the keys (padding at the end, the usual batch) is the
     * unmasked softmax of the prefix, on vectors; any other mask is computed key by key.
     */
    public static void apply(float[] x, int off, int len, int[] mask, int maskOff, int kept) {
        if (kept > 0) {
            applyUnmasked(x, off, kept);
            Arrays.fill(x, off + kept, off + len, 0f);
            return;
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < len; j++) {
            if (mask[maskOff + j] != 0 && x[off + j] > max) max = x[off + j];
        }
        float sum = 0;
        for (int j = 0; j < len; j++) {
            if (mask[maskOff + j] != 0) {
                float e = Exp.expFloat(x[off + j] - max);
                x[off + j] = e;
                sum += e;
            } else {
                x[off + j] = 0f;
            }
        }
        VectorOps.scale(x, off, len, 1f / sum);
    }

    /** {@link #apply} for a row none of whose keys is masked, on vectors throughout. */
    public static void applyUnmasked(float[] x, int off, int len) {
        float max = VectorOps.max(x, off, len);
        VectorOps.scale(x, off, len, 1f / VectorOps.expSubtractInPlace(x, off, len, max));
    }

    /**
     * n when mask[maskOff, maskOff + len) keeps exactly its first n >= 1 keys (non-zero) and masks the rest (0);
     * -1 for any other mask (keys masked before a kept one, or none kept).
     */
    public static int keptPrefix(int[] mask, int maskOff, int len) {
        int n = 0;
        while (n < len && mask[maskOff + n] != 0) n++;
        for (int j = n; j < len; j++) {
            if (mask[maskOff + j] != 0) return -1;
        }
        return n > 0 ? n : -1;
    }
}
