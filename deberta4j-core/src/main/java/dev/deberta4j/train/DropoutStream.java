package dev.deberta4j.train;

import java.util.SplittableRandom;

/**
 * The dropout randomness of one forward pass: every dropout site (layer and position in the layer) gets its own
 * SplittableRandom derived from the pass seed, so masks do not depend on thread scheduling or on which other
 * sites ran, and a resumed run redraws exactly the masks of the uninterrupted one.
 *
 * @param training false for evaluation: no dropout at all
 * @param seed     the pass seed (derived from the model seed and the pass counter)
 */
public record DropoutStream(boolean training, long seed) {
    public static final DropoutStream EVAL = new DropoutStream(false, 0);

    /** Site numbers: SITES_PER_LAYER per encoder layer (from 0 up); the modules outside the layers below 0. */
    static final int SITES_PER_LAYER = 8;
    static final int EMBEDDINGS_SITE = -1;
    static final int CONV_SITE = -2;
    static final int POOLER_SITE = -3;
    static final int CLASSIFIER_SITE = -4;

    /** The generator of chunk {@code chunk} of dropout site {@code site}: chunks of one mask are drawn independently. */
    SplittableRandom random(int site, int chunk) {
        return new SplittableRandom(mix(mix(seed * 0x9E3779B97F4A7C15L + site) + chunk));
    }

    /** The seed of pass number {@code pass} of a model seeded with {@code modelSeed}. */
    public static DropoutStream forPass(long modelSeed, long pass) {
        return new DropoutStream(true, mix(modelSeed ^ mix(pass + 0x632BE59BD9B4E019L)));
    }

    /** SplitMix64's finaliser: a bijective mix so nearby seeds give unrelated streams. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
