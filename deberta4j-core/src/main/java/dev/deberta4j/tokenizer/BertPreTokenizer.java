package dev.deberta4j.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * BERT's pre-tokenizer: drop whitespace, then isolate every punctuation char. HF does this as two splits; one
 * pass gives the same pieces (and word order) with half the slicing.
 */
record BertPreTokenizer() implements PreTokenizer {
    @Override public void preTokenize(PreTokenizedText text) {
        text.split(piece -> {
            int n = piece.length();
            List<NormalizedText> out = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < n; i++) {
                int c = piece.charAt(i);
                boolean whitespace = CharClasses.isWhitespace(c);
                if (whitespace || CharClasses.isBertPunctuation(c)) {
                    if (start < i) out.add(piece.slice(start, i));
                    if (!whitespace) out.add(piece.slice(i, i + 1));
                    start = i + 1;
                }
            }
            if (start < n) out.add(piece.slice(start, n));
            return out;
        });
    }
}
