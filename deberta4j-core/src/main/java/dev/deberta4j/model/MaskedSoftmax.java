package dev.deberta4j.model;

import dev.deberta4j.tensor.Exp;
import dev.deberta4j.tensor.VectorOps;

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
        float max = Float.NEGATIVE_INFINITY;
        boolean anyMasked = false;
        for (int j = 0; j < len; j++) {
            if (mask[maskOff + j] == 0) anyMasked = true;
            else if (x[off + j] > max) max = x[off + j];
        }
        if (!anyMasked) {   // the common case: vectorised
            VectorOps.scale(x, off, len, 1f / VectorOps.expSubtractInPlace(x, off, len, max));
            return;
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
}
