package dev.deberta4j.tokenizer;

/** Rewrites text before pre-tokenization while keeping alignment to the original (HF {@code Normalizer}). */
interface Normalizer {
    void normalize(NormalizedText text);
}
