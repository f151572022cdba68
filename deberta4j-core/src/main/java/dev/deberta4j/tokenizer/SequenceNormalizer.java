package dev.deberta4j.tokenizer;

import java.util.List;

/** Applies normalizers one after the other. */
record SequenceNormalizer(List<Normalizer> normalizers) implements Normalizer {
    @Override public void normalize(NormalizedText text) {
        for (Normalizer n : normalizers) n.normalize(text);
    }
}
