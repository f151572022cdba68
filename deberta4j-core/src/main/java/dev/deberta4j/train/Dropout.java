package dev.deberta4j.train;

import java.util.SplittableRandom;

/**
 * StableDropout as transformers' DeBERTa uses it in train mode: each element is zeroed with probability p and the
 * survivors are scaled by 1/(1-p). A mask is drawn from a seeded stream, so a pass is reproducible, and kept for
 * the backward pass (which multiplies the gradient by the same mask).
 */
final class Dropout {
    private Dropout() {
    }

    /** A mask of 0 or 1/(1-p) per element, or null when nothing is dropped (p = 0 or not training). */
    static float[] mask(double p, int n, DropoutStream stream, int site) {
        if (p <= 0 || !stream.training()) return null;
        if (p >= 1) {
            return new float[n];
        }
        SplittableRandom random = stream.random(site);
        float scale = (float) (1.0 / (1.0 - p));
        float[] mask = new float[n];
        for (int i = 0; i < n; i++) mask[i] = random.nextDouble() < p ? 0f : scale;
        return mask;
    }

    /** x *= mask elementwise (forward), or grad *= mask (backward); a null mask is the identity. */
    static void apply(float[] mask, float[] x) {
        if (mask == null) return;
        for (int i = 0; i < x.length; i++) x[i] *= mask[i];
    }
}
