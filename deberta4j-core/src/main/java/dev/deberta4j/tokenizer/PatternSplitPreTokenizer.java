package dev.deberta4j.tokenizer;

/**
 * Splits on a literal or regex pattern (HF {@code Split}); {@code invert} splits on what does not match.
 * HF's {@code Whitespace} pre-tokenizer is this with {@code \w+|[^\w\s]+}, inverted, removed.
 */
record PatternSplitPreTokenizer(TextPattern pattern, SplitBehavior behavior, boolean invert) implements PreTokenizer {
    static PatternSplitPreTokenizer whitespace() {
        return new PatternSplitPreTokenizer(TextPattern.Regex.compile("\\w+|[^\\w\\s]+", "Whitespace"),
                SplitBehavior.REMOVED, true);
    }

    @Override public void preTokenize(PreTokenizedText text) {
        text.split(piece -> {
            Segments s = pattern.segments(piece);
            if (invert) s = s.inverted();
            return behavior.split(piece, s);
        });
    }
}
