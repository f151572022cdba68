package dev.deberta4j.tokenizer;

import java.util.List;

/** Turns token strings back into text (HF {@code Decoder}): a chain step over the token list. */
interface Decoder {
    List<String> decodeChain(List<String> tokens);

    default String decode(List<String> tokens) {
        return String.join("", decodeChain(tokens));
    }
}
