package dev.deberta4j.tokenizer;

import java.util.function.IntPredicate;

/**
 * A cover of a text by consecutive segments, each flagged as a pattern match or not (HF {@code Pattern::find_matches}).
 * Positions are normalized code-point indices.
 */
final class Segments {
    private final IntBuffer starts = new IntBuffer();
    private final IntBuffer ends = new IntBuffer();
    private final IntBuffer matches = new IntBuffer();

    void add(int start, int end, boolean match) {
        starts.add(start);
        ends.add(end);
        matches.add(match ? 1 : 0);
    }

    int size() { return starts.size(); }

    int start(int i) { return starts.get(i); }

    int end(int i) { return ends.get(i); }

    boolean isMatch(int i) { return matches.get(i) != 0; }

    /** The same cover with match flags flipped. */
    Segments inverted() {
        Segments s = new Segments();
        for (int i = 0; i < size(); i++) s.add(start(i), end(i), !isMatch(i));
        return s;
    }

    /** Each char satisfying {@code p} is its own match; runs of other chars are non-matches. */
    static Segments ofChars(NormalizedText text, IntPredicate p) {
        Segments s = new Segments();
        int n = text.length();
        if (n == 0) {
            s.add(0, 0, false);
            return s;
        }
        int last = 0;
        for (int i = 0; i < n; i++) {
            if (p.test(text.charAt(i))) {
                if (last < i) s.add(last, i, false);
                s.add(i, i + 1, true);
                last = i + 1;
            }
        }
        if (last < n) s.add(last, n, false);
        return s;
    }

    /** Builds the cover from sorted, non-overlapping match spans. */
    static Segments ofMatches(int length, IntBuffer matchStarts, IntBuffer matchEnds) {
        Segments s = new Segments();
        if (length == 0) {
            s.add(0, 0, false);
            return s;
        }
        int prev = 0;
        for (int m = 0; m < matchStarts.size(); m++) {
            int ms = matchStarts.get(m);
            int me = matchEnds.get(m);
            if (prev != ms) s.add(prev, ms, false);
            s.add(ms, me, true);
            prev = me;
        }
        if (prev != length) s.add(prev, length, false);
        return s;
    }
}
