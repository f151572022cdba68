package dev.deberta4j.pipeline;

/**
 * A non-special token with its label probabilities (transformers' "pre-entity").
 *
 * @param id      token id
 * @param token   the token string, or the original text for an unknown token
 * @param unknown whether the token is the tokenizer's unknown token
 * @param subword whether the token continues the previous token's word
 */
record TokenPrediction(int id, String token, boolean unknown, double[] scores, int start, int end, int index,
                       boolean subword) {
}
