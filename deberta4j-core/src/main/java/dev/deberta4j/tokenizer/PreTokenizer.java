package dev.deberta4j.tokenizer;

/** Cuts normalized text into word-like splits (HF {@code PreTokenizer}). */
interface PreTokenizer {
    void preTokenize(PreTokenizedText text);
}
