package dev.deberta4j.tokenizer.training;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SeedPiecesTest {
    @Test
    void frequentRightBranchingSubstringsByFrequencyTimesLength() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("▁abc", 3L);
        counts.put("▁abd", 2L);
        WordCounts words = WordCounts.of(counts);
        int[] chars = {'a', 'b', 'c', 'd', '▁'};
        long[] charCounts = {5, 5, 3, 2, 5};
        SeedPieces.Seeds seeds = SeedPieces.make(words, chars, charCounts, 16, 2, 1000, TrainingProgress.NONE);
        // "▁a" is always followed by "b" (not right-branching); scores: ▁ab 5x3, ▁abc 3x4, ab 5x2, abc 3x3,
        // ▁abd 2x4, abd 2x3 and bc 3x2 (tie: code point order), bd 2x2.
        assertThat(seeds.pieces()).containsExactly("a", "b", "▁", "c", "d",
                "▁ab", "▁abc", "ab", "abc", "▁abd", "abd", "bc", "bd");
        double total = 5 + 5 + 5 + 3 + 2 + 15 + 12 + 10 + 9 + 8 + 6 + 6 + 4;
        assertThat(seeds.scores()[0]).isCloseTo(Math.log(5 / total), within(1e-12));
        assertThat(seeds.scores()[5]).isCloseTo(Math.log(15 / total), within(1e-12));
        assertThat(seeds.requiredChars()).containsExactly("a", "b", "▁", "c", "d");
    }

    @Test
    void piecesStayWithinOneScriptWithMetaOnlyFirstAndTheLengthCap() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("▁한국abc12", 4L);
        WordCounts words = WordCounts.of(counts);
        int[] chars = "▁한국abc12".codePoints().sorted().toArray();
        long[] charCounts = new long[chars.length];
        java.util.Arrays.fill(charCounts, 4);
        SeedPieces.Seeds seeds = SeedPieces.make(words, chars, charCounts, 2, 2, 1000, TrainingProgress.NONE);
        // Length cap 2: ▁한, 한국, ab, bc, 12 (the only valid pairs; 국a, c1 mix scripts).
        assertThat(seeds.pieces().subList(chars.length, seeds.pieces().size()))
                .containsExactlyInAnyOrder("▁한", "한국", "ab", "bc", "12");
    }
}
