package dev.deberta4j.pretrain;

import java.util.SplittableRandom;

/**
 * Which tokens the generator must predict, and what it reads there. Per sequence, {@code round(p·n)} (at least
 * one) of its n maskable tokens are selected, uniformly without replacement, as microsoft/DeBERTa's
 * NGramMaskGenerator does for n-gram size 1; a token is maskable when it is neither padding nor a special token.
 * Each selected token becomes {@code [MASK]} (DeBERTa and ELECTRA), or with {@link Replacement#bert} BERT's
 * split: 80% {@code [MASK]}, 10% a uniformly random non-special token, 10% left unchanged.
 *
 * <p>The draws depend only on (seed, step, sequence index), so a resumed run masks exactly as the uninterrupted
 * one did.
 *
 * @param probability the selected fraction of maskable tokens (DeBERTa: 0.15)
 * @param replacement what a selected token is replaced by
 * @param maskId      the {@code [MASK]} id
 * @param vocabSize   ids are in [0, vocabSize)
 * @param special     {@code special[id]} for ids never selected nor drawn as random replacements
 */
public record MaskingPolicy(double probability, Replacement replacement, int maskId, int vocabSize,
                            boolean[] special) {
    public static final double DEFAULT_PROBABILITY = 0.15;

    /**
     * The split of selected tokens: {@code mask} of them become [MASK], {@code random} a random token, the rest
     * stay.
     */
    public record Replacement(double mask, double random) {
        public Replacement {
            if (!(mask >= 0 && random >= 0 && mask + random <= 1 + 1e-9)) {
                throw new IllegalArgumentException("mask replacement fractions must be >= 0 and sum to <= 1, found "
                        + mask + " and " + random);
            }
        }

        /** Every selected token becomes [MASK] (DeBERTa-V3, ELECTRA). */
        public static Replacement allMask() {
            return new Replacement(1, 0);
        }

        /** BERT's 80% [MASK], 10% random, 10% unchanged. */
        public static Replacement bert() {
            return new Replacement(0.8, 0.1);
        }

        /** Parses {@code 100-0-0} or {@code 80-10-10} (percent [MASK], random, unchanged; summing to 100). */
        public static Replacement parse(String text) {
            String[] parts = text.trim().split("-");
            if (parts.length != 3) throw badReplacement(text);
            int[] pct = new int[3];
            for (int i = 0; i < 3; i++) {
                try {
                    pct[i] = Integer.parseInt(parts[i]);
                } catch (NumberFormatException e) {
                    throw badReplacement(text);
                }
                if (pct[i] < 0) throw badReplacement(text);
            }
            if (pct[0] + pct[1] + pct[2] != 100) throw badReplacement(text);
            return new Replacement(pct[0] / 100.0, pct[1] / 100.0);
        }

        private static IllegalArgumentException badReplacement(String text) {
            return new IllegalArgumentException("--mask-replace: expected MASK-RANDOM-KEEP percentages summing to "
                    + "100 (e.g. 100-0-0 or 80-10-10), found \"" + text + "\"");
        }
    }

    public MaskingPolicy {
        if (!(probability > 0 && probability < 1)) {
            throw new IllegalArgumentException("mask probability must be in (0, 1), found " + probability);
        }
        if (special.length < vocabSize) {
            throw new IllegalArgumentException("special-token flags for " + special.length + " ids, vocabulary " + vocabSize);
        }
        if (maskId < 0 || maskId >= vocabSize) {
            throw new IllegalArgumentException("[MASK] id " + maskId + " outside the vocabulary of " + vocabSize);
        }
    }

    /** The flags of {@link #special} for these ids (negative ids, meaning absent, are skipped). */
    public static boolean[] specialFlags(int vocabSize, int... ids) {
        boolean[] flags = new boolean[vocabSize];
        for (int id : ids) if (id >= 0 && id < vocabSize) flags[id] = true;
        return flags;
    }

    /**
     * Masks one sequence of {@code ids[offset, offset + length)} whose first {@code realLength} tokens are real
     * (the rest padding): sets {@code selected} and writes the generator's input into {@code generatorIds} (the
     * original id where nothing is selected).
     *
     * @return the number of selected tokens
     */
    public int mask(int[] ids, int offset, int length, int realLength, long seed, long step, long sequence,
                    boolean[] selected, int[] generatorIds) {
        int[] candidates = new int[realLength];
        int n = 0;
        for (int i = 0; i < length; i++) {
            int id = ids[offset + i];
            selected[offset + i] = false;
            generatorIds[offset + i] = id;
            if (i < realLength && !special[id]) candidates[n++] = i;
        }
        if (n == 0) return 0;
        int k = Math.max(1, (int) Math.round(probability * n));
        SplittableRandom random = new SplittableRandom(mix(seed, step, sequence));
        for (int j = 0; j < k; j++) {   // a partial Fisher-Yates shuffle: the first k of a uniform permutation
            int pick = j + random.nextInt(n - j);
            int t = candidates[j];
            candidates[j] = candidates[pick];
            candidates[pick] = t;
            int at = offset + candidates[j];
            selected[at] = true;
            double u = random.nextDouble();
            if (u < replacement.mask()) {
                generatorIds[at] = maskId;
            } else if (u < replacement.mask() + replacement.random()) {
                generatorIds[at] = randomToken(random);
            }
        }
        return k;
    }

    private int randomToken(SplittableRandom random) {
        while (true) {
            int id = random.nextInt(vocabSize);
            if (!special[id]) return id;
        }
    }

    /** One well-mixed seed per (seed, step, sequence): chained splitmix64 finalisers. */
    private static long mix(long seed, long step, long sequence) {
        return mix64(mix64(mix64(seed) + step) + sequence);
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
