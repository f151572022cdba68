package dev.deberta4j.pipeline;

/**
 * One candidate for a {@code [MASK]}.
 *
 * @param score    softmax probability over the vocabulary
 * @param token    token id
 * @param tokenStr the token decoded on its own
 * @param sequence the input with this token in the mask's place, decoded (padding dropped; special tokens dropped
 *                 when the input has a single mask, kept otherwise, as transformers does)
 */
public record MaskPrediction(double score, int token, String tokenStr, String sequence) {
}
