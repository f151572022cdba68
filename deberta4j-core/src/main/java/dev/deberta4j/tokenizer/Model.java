package dev.deberta4j.tokenizer;

import java.util.List;

/** Turns one pre-tokenized split into vocabulary tokens (HF {@code Model}). Implementations are immutable. */
interface Model {
    /** Appends the tokens of {@code text}'s normalized chars; token spans index those chars. */
    void tokenize(NormalizedText text, List<Token> out);

    /** The id of a vocabulary entry, or -1. */
    int tokenToId(String token);

    /** The vocabulary entry of an id, or null. */
    String idToToken(int id);

    int vocabSize();
}
