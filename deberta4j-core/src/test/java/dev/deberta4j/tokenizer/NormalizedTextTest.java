package dev.deberta4j.tokenizer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Alignment bookkeeping, including the Rust quirks the offsets depend on. */
class NormalizedTextTest {
    private static NormalizedText of(String s) {
        return NormalizedText.of(s.codePoints().toArray());
    }

    private static String alignments(NormalizedText t) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < t.length(); i++) {
            b.appendCodePoint(t.charAt(i)).append(t.alignStart(i)).append('-').append(t.alignEnd(i)).append(' ');
        }
        return b.toString().trim();
    }

    @Test
    void insertionTakesThePreviousAlignmentAndRemovalIsChargedToTheLastEntry() {
        NormalizedText t = of("abc");
        Transformations tr = new Transformations(8);
        tr.add('a', 0);
        tr.replace(1, "XY");  // b -> XY: X replaces b, Y is inserted
        tr.replace(1, "");    // c removed: charged to Y (+1 - 1 = 0), so Y now stands for c
        t.transform(tr.chars.raw(), tr.changes.raw(), tr.size(), 0);
        assertThat(alignments(t)).isEqualTo("a0-1 X1-2 Y2-3");
    }

    @Test
    void removingTheFirstCharShiftsAlignmentsLikeRust() {
        // No entry exists to charge the removal to, so every char takes its predecessor's alignment.
        NormalizedText t = of("\u200Bab");
        Transformations tr = new Transformations(8);
        tr.replace(1, "");
        tr.add('a', 0);
        tr.add('b', 0);
        t.transform(tr.chars.raw(), tr.changes.raw(), tr.size(), 0);
        assertThat(alignments(t)).isEqualTo("a0-1 b1-2");
    }

    @Test
    void replacementAlignsToTheLastMatchedChar() {
        NormalizedText t = of("a   b");
        new ReplaceNormalizer(TextPattern.Regex.compile(" {2,}", "test"), " ").normalize(t);
        assertThat(alignments(t)).isEqualTo("a0-1  3-4 b4-5");
    }

    @Test
    void prependTakesTheFirstCharsAlignmentAndStripKeepsTheRest() {
        NormalizedText t = of("  가나 ");
        t.strip(true, true, CharClasses::isWhitespace);
        t.prepend(new int[]{'\u2581'});
        assertThat(alignments(t)).isEqualTo("\u25812-3 가2-3 나3-4");
    }

    @Test
    void slicesAndRebasingSetTheOriginalShift() {
        NormalizedText t = of("  abc");
        t.strip(true, false, CharClasses::isWhitespace);
        assertThat(t.originalShift()).isZero();
        assertThat(t.rebased().originalShift()).isEqualTo(2);
        NormalizedText s = of("abcdef").slice(2, 4);
        assertThat(s.toString()).isEqualTo("cd");
        assertThat(s.originalShift()).isEqualTo(2);
        assertThat(s.originalStart(0)).isEqualTo(2);
        assertThat(s.originalEnd(2)).isEqualTo(4);
    }

    @Test
    void precompiledKeepsNfdHangulDecomposedButMapsCompatibilityJamo() throws Exception {
        Tokenizer ko = Tokenizer.load(ReferenceCase.ROOT.resolve("ko-unigram-8k"));
        NormalizedText nfd = of(java.text.Normalizer.normalize("한", java.text.Normalizer.Form.NFD));
        Normalizer normalizer = ko.pipeline().normalizer();
        normalizer.normalize(nfd);
        assertThat(nfd.length()).isEqualTo(3);
        NormalizedText jamo = of("ㅋ");
        normalizer.normalize(jamo);
        assertThat(jamo.toString()).isEqualTo("\u110F");
    }
}
