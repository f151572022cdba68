package dev.deberta4j.pretrain;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MaskingPolicyTest {
    private static final int VOCAB = 1000, PAD = 0, CLS = 1, SEP = 2, UNK = 3, MASK = 4, L = 128;
    private static final boolean[] SPECIAL = MaskingPolicy.specialFlags(VOCAB, PAD, CLS, SEP, UNK, MASK);

    /** Sequences like the packer writes: [CLS] text [SEP] text [SEP] … with specials inside and padded tails. */
    private static int[] sequence(SplittableRandom r, int realLength) {
        int[] ids = new int[L];
        ids[0] = CLS;
        for (int i = 1; i < realLength - 1; i++) {
            ids[i] = r.nextInt(20) == 0 ? (r.nextBoolean() ? SEP : UNK) : 5 + r.nextInt(VOCAB - 5);
        }
        ids[realLength - 1] = SEP;
        return ids;
    }

    private static final class Counts {
        long maskable, selected, toMask, toRandom, kept;
    }

    private static Counts run(MaskingPolicy policy, long seed) {
        SplittableRandom r = new SplittableRandom(7);
        Counts c = new Counts();
        boolean[] selected = new boolean[L];
        int[] generator = new int[L];
        for (int s = 0; c.maskable < 100_000; s++) {
            int real = r.nextInt(4) == 0 ? 3 + r.nextInt(L - 3) : L;
            int[] ids = sequence(r, real);
            int k = policy.mask(ids, 0, L, real, seed, 3, s, selected, generator);
            int chosen = 0;
            for (int i = 0; i < L; i++) {
                boolean maskable = i < real && !SPECIAL[ids[i]];
                if (maskable) c.maskable++;
                if (!selected[i]) {
                    assertThat(generator[i]).isEqualTo(ids[i]);
                    continue;
                }
                assertThat(maskable).as("a special or pad token was selected at %d", i).isTrue();
                chosen++;
                if (generator[i] == MASK) c.toMask++;
                else if (generator[i] == ids[i]) c.kept++;
                else {
                    assertThat(SPECIAL[generator[i]]).as("random replacement is a special token").isFalse();
                    c.toRandom++;
                }
            }
            assertThat(chosen).isEqualTo(k);
            c.selected += chosen;
        }
        return c;
    }

    @Test
    void selectsFifteenPercentOfMaskableTokensAndNeverASpecialOrPadToken() {
        Counts c = run(new MaskingPolicy(0.15, MaskingPolicy.Replacement.allMask(), MASK, VOCAB, SPECIAL), 42);
        assertThat((double) c.selected / c.maskable).isCloseTo(0.15, within(0.005));
        assertThat(c.toMask).isEqualTo(c.selected);
    }

    @Test
    void bertSplitIsEightyTenTen() {
        Counts c = run(new MaskingPolicy(0.15, MaskingPolicy.Replacement.parse("80-10-10"), MASK, VOCAB, SPECIAL), 42);
        assertThat((double) c.selected / c.maskable).isCloseTo(0.15, within(0.005));
        assertThat((double) c.toMask / c.selected).isCloseTo(0.8, within(0.02));
        assertThat((double) c.toRandom / c.selected).isCloseTo(0.1, within(0.02));
        // A random draw can hit the original token: "kept" is 10% plus ~1/vocab of the random share.
        assertThat((double) c.kept / c.selected).isCloseTo(0.1, within(0.02));
    }

    @Test
    void deterministicPerSeedStepAndSequence() {
        MaskingPolicy policy = new MaskingPolicy(0.15, MaskingPolicy.Replacement.bert(), MASK, VOCAB, SPECIAL);
        int[] ids = sequence(new SplittableRandom(1), L);
        boolean[] a = new boolean[L], b = new boolean[L];
        int[] ga = new int[L], gb = new int[L];
        policy.mask(ids, 0, L, L, 42, 10, 5, a, ga);
        policy.mask(ids, 0, L, L, 42, 10, 5, b, gb);
        assertThat(b).isEqualTo(a);
        assertThat(gb).isEqualTo(ga);
        policy.mask(ids, 0, L, L, 42, 11, 5, b, gb);
        assertThat(b).isNotEqualTo(a);
        policy.mask(ids, 0, L, L, 42, 10, 6, b, gb);
        assertThat(b).isNotEqualTo(a);
        policy.mask(ids, 0, L, L, 43, 10, 5, b, gb);
        assertThat(b).isNotEqualTo(a);
    }

    @Test
    void masksAtLeastOneTokenAndNothingInAnAllSpecialSequence() {
        MaskingPolicy policy = new MaskingPolicy(0.15, MaskingPolicy.Replacement.allMask(), MASK, VOCAB, SPECIAL);
        boolean[] sel = new boolean[4];
        int[] gen = new int[4];
        assertThat(policy.mask(new int[]{CLS, 77, SEP, PAD}, 0, 4, 3, 1, 0, 0, sel, gen)).isEqualTo(1);
        assertThat(sel).containsExactly(false, true, false, false);
        assertThat(gen).containsExactly(CLS, MASK, SEP, PAD);
        assertThat(policy.mask(new int[]{CLS, SEP, PAD, PAD}, 0, 4, 2, 1, 0, 0, sel, gen)).isZero();
        assertThat(sel).containsOnly(false);
    }

    @Test
    void badReplacementSpecsGetOneLineErrors() {
        assertThat(MaskingPolicy.Replacement.parse("100-0-0")).isEqualTo(MaskingPolicy.Replacement.allMask());
        for (String bad : new String[]{"80-10", "80-10-20", "a-b-c", "-10-100-10"}) {
            assertThatThrownBy(() -> MaskingPolicy.Replacement.parse(bad))
                    .hasMessageContaining("--mask-replace").hasMessageContaining(bad);
        }
    }
}
