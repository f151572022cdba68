package dev.deberta4j.tokenizer;

import java.util.List;

/**
 * GPT-2 byte-level pre-tokenization: optional leading space, the GPT-2 split regex, then every UTF-8 byte of the
 * text becomes one printable char (all bytes of a char keep that char's alignment).
 */
record ByteLevelPreTokenizer(boolean addPrefixSpace, boolean useRegex) implements PreTokenizer {
    private static final TextPattern GPT2 = TextPattern.Regex.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+", "ByteLevel");

    @Override public void preTokenize(PreTokenizedText text) {
        text.split(piece -> {
            if (addPrefixSpace && !piece.isEmpty() && piece.charAt(0) != ' ') piece.prepend(new int[]{' '});
            return useRegex ? SplitBehavior.ISOLATED.split(piece, GPT2.segments(piece)) : List.of(piece);
        });
        byte[] utf8 = new byte[4];
        for (PreTokenizedText.Split s : text.splits()) {
            if (s.tokens != null) continue;
            NormalizedText t = s.text;
            Transformations tr = new Transformations(t.length() * 2);
            for (int i = 0; i < t.length(); i++) {
                int len = Utf8.encode(t.charAt(i), utf8, 0);
                for (int k = 0; k < len; k++) tr.add(ByteLevelAlphabet.charOf(utf8[k]), k > 0 ? 1 : 0);
            }
            t.transform(tr.chars.raw(), tr.changes.raw(), tr.size(), 0);
        }
    }
}
