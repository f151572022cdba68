package dev.deberta4j.train;

import java.util.SplittableRandom;

/** The example order of one epoch: a Fisher-Yates shuffle seeded by (seed, epoch), the same on every run. */
public final class EpochPermutation {
    private EpochPermutation() {
    }

    public static int[] of(int size, long seed, long epoch) {
        int[] perm = identity(size);
        SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (epoch + 1L)));
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return perm;
    }

    public static int[] identity(int size) {
        int[] perm = new int[size];
        for (int i = 0; i < size; i++) perm[i] = i;
        return perm;
    }
}
