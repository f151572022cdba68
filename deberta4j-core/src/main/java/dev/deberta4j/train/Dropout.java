package dev.deberta4j.train;

import dev.deberta4j.concurrent.ThreadPool;
import dev.deberta4j.kernels.VectorOps;

import java.util.SplittableRandom;

/**
 * StableDropout as transformers' DeBERTa uses it in train mode: each element is zeroed with probability p and the
 * survivors are scaled by 1/(1-p). A mask is drawn from a seeded stream, so a pass is reproducible, and kept for
 * the backward pass (which multiplies the gradient by the same mask).
 */
final class Dropout {
    /** Elements per independently seeded chunk of a mask: fixed, so a mask does not depend on the thread count. */
    static final int CHUNK = 1 << 15;

    private Dropout() {
    }

    /** A mask of 0 or 1/(1-p) per element, or null when nothing is dropped (p = 0 or not training). */
    static float[] mask(double p, int n, DropoutStream stream, int site) {
        if (p <= 0 || !stream.training()) return null;
        if (p >= 1) {
            return new float[n];
        }
        float scale = (float) (1.0 / (1.0 - p));
        // nextDouble() is (nextLong() >>> 11)·2⁻⁵³, exactly, so nextDouble() < p exactly when the integer
        // nextLong() >>> 11 is below ⌈p·2⁵³⌉: the same mask without the conversion to double.
        long threshold = (long) Math.ceil(p * 0x1.0p53);
        float[] mask = new float[n];
        int chunks = (n + CHUNK - 1) / CHUNK;
        ThreadPool.shared().parallelFor(chunks, (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                SplittableRandom random = stream.random(site, c);
                for (int i = c * CHUNK, end = Math.min(n, i + CHUNK); i < end; i++) {
                    mask[i] = random.nextLong() >>> 11 < threshold ? 0f : scale;
                }
            }
        });
        return mask;
    }

    /** Draws a mask for x as {@link #mask} does, applies it to x and returns it (null: nothing dropped). */
    static float[] drop(double p, float[] x, DropoutStream stream, int site) {
        float[] mask = mask(p, x.length, stream, site);
        apply(mask, x);
        return mask;
    }

    /** x *= mask elementwise (forward), or grad *= mask (backward); a null mask is the identity. */
    static void apply(float[] mask, float[] x) {
        if (mask != null) VectorOps.multiply(mask, 0, x, 0, x.length);
    }
}
