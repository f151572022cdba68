package dev.deberta4j.tokenizer;

import java.util.List;

/** Applies pre-tokenizers one after the other. */
record SequencePreTokenizer(List<PreTokenizer> preTokenizers) implements PreTokenizer {
    @Override public void preTokenize(PreTokenizedText text) {
        for (PreTokenizer p : preTokenizers) p.preTokenize(text);
    }
}
