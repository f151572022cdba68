package dev.deberta4j.tokenizer;

/** Removes leading and/or trailing Unicode whitespace. */
record StripNormalizer(boolean left, boolean right) implements Normalizer {
    @Override public void normalize(NormalizedText text) {
        text.strip(left, right, CharClasses::isWhitespace);
    }
}
