package dev.deberta4j.tokenizer;

import java.text.BreakIterator;

/** Extended grapheme cluster boundaries over code points, with a fast path for text that cannot cluster. */
final class Graphemes {
    private Graphemes() {}

    /**
     * Fills {@code ends} with the exclusive end index of each grapheme of {@code cps[0, n)}; returns the count.
     */
    static int split(int[] cps, int n, int[] ends) {
        boolean simple = true;
        for (int i = 0; i < n && simple; i++) simple = isSimple(cps[i]);
        if (simple) {
            for (int i = 0; i < n; i++) ends[i] = i + 1;
            return n;
        }
        String s = new String(cps, 0, n);
        BreakIterator it = BreakIterator.getCharacterInstance();
        it.setText(s);
        int count = 0;
        int cpIndex = 0;
        int utf16 = 0;
        for (int b = it.next(); b != BreakIterator.DONE; b = it.next()) {
            while (utf16 < b) {
                utf16 += Character.charCount(s.codePointAt(utf16));
                cpIndex++;
            }
            ends[count++] = cpIndex;
        }
        return count;
    }

    /**
     * A code point that never joins its neighbours into one cluster when they are simple too: no Extend,
     * SpacingMark, Prepend, ZWJ, control, regional indicator or conjoining jamo among these ranges.
     */
    private static boolean isSimple(int c) {
        return (c >= 0x20 && c < 0x7F)
                || (c >= 0xA1 && c <= 0xFF && c != 0xAD)
                || (c >= 0xAC00 && c <= 0xD7A3)
                || (c >= 0x3131 && c <= 0x318E)
                || (c >= 0x4E00 && c <= 0x9FFF)
                || (c >= 0x3000 && c <= 0x3029) || (c >= 0x3030 && c <= 0x303F)
                || (c >= 0xFF01 && c <= 0xFF9D)
                || (c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205E);
    }
}
