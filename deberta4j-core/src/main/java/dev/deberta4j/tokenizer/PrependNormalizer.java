package dev.deberta4j.tokenizer;

/** Prepends a fixed string to non-empty text. */
record PrependNormalizer(String prefix) implements Normalizer {
    @Override public void normalize(NormalizedText text) {
        text.prepend(prefix.codePoints().toArray());
    }
}
