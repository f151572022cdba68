package dev.deberta4j.tokenizer;

import java.util.List;

/** Applies post-processors one after the other on the sequence encodings. */
record SequenceProcessor(List<PostProcessor> processors) implements PostProcessor {
    @Override public int addedTokens(boolean pair) {
        int n = 0;
        for (PostProcessor p : processors) n += p.addedTokens(pair);
        return n;
    }

    @Override public List<MutableEncoding> processEncodings(List<MutableEncoding> encodings, boolean addSpecialTokens) {
        for (PostProcessor p : processors) encodings = p.processEncodings(encodings, addSpecialTokens);
        return encodings;
    }
}
