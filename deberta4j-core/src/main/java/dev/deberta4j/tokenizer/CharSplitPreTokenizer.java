package dev.deberta4j.tokenizer;

import java.util.function.IntPredicate;

/**
 * Splits on every char of a class with a given behaviour: the shape of HF's Whitespace-split, Punctuation and
 * Digits pre-tokenizers.
 */
record CharSplitPreTokenizer(String name, IntPredicate delimiter, SplitBehavior behavior) implements PreTokenizer {
    static CharSplitPreTokenizer whitespaceSplit() {
        return new CharSplitPreTokenizer("WhitespaceSplit", CharClasses::isWhitespace, SplitBehavior.REMOVED);
    }

    static CharSplitPreTokenizer punctuation(SplitBehavior behavior) {
        return new CharSplitPreTokenizer("Punctuation", CharClasses::isBertPunctuation, behavior);
    }

    static CharSplitPreTokenizer digits(boolean individualDigits) {
        return new CharSplitPreTokenizer("Digits", CharClasses::isNumeric,
                individualDigits ? SplitBehavior.ISOLATED : SplitBehavior.CONTIGUOUS);
    }

    @Override public void preTokenize(PreTokenizedText text) {
        text.split(piece -> behavior.split(piece, Segments.ofChars(piece, delimiter)));
    }
}
