package dev.deberta4j.tokenizer;

/** BERT's pre-tokenizer: drop whitespace, then isolate every punctuation char. */
record BertPreTokenizer() implements PreTokenizer {
    @Override public void preTokenize(PreTokenizedText text) {
        text.split(piece -> SplitBehavior.REMOVED.split(piece, Segments.ofChars(piece, CharClasses::isWhitespace)));
        text.split(piece -> SplitBehavior.ISOLATED.split(piece,
                Segments.ofChars(piece, CharClasses::isBertPunctuation)));
    }
}
