package dev.deberta4j.tokenizer;

/**
 * BERT's normalizer: drop control chars and map whitespace to a space ({@code cleanText}), surround CJK
 * ideographs with spaces, optionally strip accents (NFD then drop Mn) and lowercase. No NFKC.
 */
record BertNormalizer(boolean cleanText, boolean handleChineseChars, boolean stripAccents, boolean lowercase)
        implements Normalizer {
    @Override public void normalize(NormalizedText text) {
        if (cleanText) {
            text.filter(c -> !(c == 0 || c == 0xFFFD || CharClasses.isBertControl(c)));
            text.map(c -> CharClasses.isBertWhitespace(c) ? ' ' : c);
        }
        if (handleChineseChars) spaceOutChineseChars(text);
        if (stripAccents) {
            UnicodeNormalizer.NFD.normalize(text);
            text.filter(c -> !CharClasses.isBertNonspacingMark(c));
        }
        if (lowercase) LowercaseNormalizer.lowercase(text);
    }

    private static void spaceOutChineseChars(NormalizedText text) {
        int n = text.length();
        boolean any = false;
        for (int i = 0; i < n && !any; i++) any = CharClasses.isChineseChar(text.charAt(i));
        if (!any) return;
        Transformations t = new Transformations(n + 16);
        for (int i = 0; i < n; i++) {
            int c = text.charAt(i);
            if (CharClasses.isChineseChar(c)) {
                t.add(' ', 0);
                t.add(c, 1);
                t.add(' ', 1);
            } else {
                t.add(c, 0);
            }
        }
        text.transform(t.chars.raw(), t.changes.raw(), t.size(), 0);
    }
}
