package dev.deberta4j.tokenizer;

import java.util.ArrayList;
import java.util.List;

/** Adds special tokens around the encoded sequence(s) (HF {@code PostProcessor}). */
interface PostProcessor {
    /** How many tokens processing adds, so truncation can leave room for them. */
    int addedTokens(boolean pair);

    /** Transforms the sequence encodings (one or two) into the parts that are concatenated in order. */
    List<MutableEncoding> processEncodings(List<MutableEncoding> encodings, boolean addSpecialTokens);

    /** HF's default {@code process}: type id i for sequence i, then {@link #processEncodings}, then merge. */
    default MutableEncoding process(MutableEncoding first, MutableEncoding pair, boolean addSpecialTokens) {
        List<MutableEncoding> encodings = new ArrayList<>(2);
        encodings.add(first);
        if (pair != null) encodings.add(pair);
        for (int i = 0; i < encodings.size(); i++) encodings.get(i).setTypeIds(i);
        return MutableEncoding.merge(processEncodings(encodings, addSpecialTokens));
    }
}
