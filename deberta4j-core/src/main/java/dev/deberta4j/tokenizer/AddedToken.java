package dev.deberta4j.tokenizer;

/**
 * A token added on top of the model vocabulary (HF {@code AddedToken}): matched in the text before the model sees
 * it. {@code normalized == false} means it is matched in the raw input, before normalization.
 *
 * @param content    the literal text of the token
 * @param singleWord only match when not glued to word characters on either side
 * @param lstrip     also swallow whitespace to its left
 * @param rstrip     also swallow whitespace to its right
 * @param normalized match it in normalized text instead of the raw input
 * @param special    a special token (skipped by {@code decode(ids, true)})
 */
record AddedToken(String content, boolean singleWord, boolean lstrip, boolean rstrip, boolean normalized,
                         boolean special) {
    /** A special token as DeBERTa and BERT declare theirs: exact raw-text match, no stripping. */
    static AddedToken special(String content) {
        return new AddedToken(content, false, false, false, false, true);
    }
}
