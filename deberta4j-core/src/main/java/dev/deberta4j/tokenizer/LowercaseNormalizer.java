package dev.deberta4j.tokenizer;

import java.util.Locale;

/** Unicode lowercasing, char by char like Rust's {@code char::to_lowercase} (may grow a char into several). */
record LowercaseNormalizer() implements Normalizer {
    @Override public void normalize(NormalizedText text) {
        lowercase(text);
    }

    static void lowercase(NormalizedText text) {
        int n = text.length();
        boolean simple = true;
        for (int i = 0; i < n && simple; i++) {
            int c = text.charAt(i);
            simple = c < 0x80 || lowerOf(c).codePointCount(0, lowerOf(c).length()) == 1;
        }
        if (simple) {
            text.map(c -> c < 0x80 ? (c >= 'A' && c <= 'Z' ? c + 32 : c) : lowerOf(c).codePointAt(0));
            return;
        }
        Transformations t = new Transformations(n + 8);
        for (int i = 0; i < n; i++) {
            int c = text.charAt(i);
            if (c < 0x80) {
                t.add(c >= 'A' && c <= 'Z' ? c + 32 : c, 0);
                continue;
            }
            String lower = lowerOf(c);
            int k = 0;
            for (int off = 0; off < lower.length(); ) {
                int lc = lower.codePointAt(off);
                t.add(lc, k == 0 ? 0 : 1);
                off += Character.charCount(lc);
                k++;
            }
        }
        text.transform(t.chars.raw(), t.changes.raw(), t.size(), 0);
    }

    private static String lowerOf(int c) {
        return new String(Character.toChars(c)).toLowerCase(Locale.ROOT);
    }
}
