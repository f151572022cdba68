package dev.deberta4j.pipeline;

/** How token states become one sentence vector. */
public enum Pooling {
    /** The first token's ({@code [CLS]}) last hidden state. */
    CLS,
    /** The mean of the last hidden states of all attended tokens (special tokens included, padding not). */
    MEAN
}
