package dev.deberta4j.tokenizer;

import java.util.List;

/** Byte-level post-processing: optionally trims the offsets of tokens to exclude their leading/trailing spaces. */
record ByteLevelProcessor(boolean trimOffsets, boolean addPrefixSpace) implements PostProcessor {
    @Override public int addedTokens(boolean pair) { return 0; }

    @Override public List<MutableEncoding> processEncodings(List<MutableEncoding> encodings, boolean addSpecialTokens) {
        if (trimOffsets) {
            for (MutableEncoding e : encodings) trim(e, addPrefixSpace);
        }
        return encodings;
    }

    /** HF {@code process_offsets}: shrink offsets past space-like chars at token ends. */
    static void trim(MutableEncoding e, boolean addPrefixSpace) {
        for (MutableEncoding o : e.overflowing) trim(o, addPrefixSpace);
        int space = ByteLevelAlphabet.charOf(' ');
        for (int i = 0; i < e.length; i++) {
            int[] cps = e.tokens[i].codePoints().toArray();
            int leading = 0;
            while (leading < cps.length && (cps[leading] == space || CharClasses.isWhitespace(cps[leading]))) leading++;
            int trailing = 0;
            while (trailing < cps.length && (cps[cps.length - 1 - trailing] == space
                    || CharClasses.isWhitespace(cps[cps.length - 1 - trailing]))) trailing++;
            if (leading > 0) {
                boolean isFirst = i == 0 || e.starts[i] == 0;
                if (isFirst && addPrefixSpace && leading == 1) leading = 0;
                e.starts[i] = Math.min(e.starts[i] + leading, e.ends[i]);
            }
            if (trailing > 0 && e.ends[i] >= trailing) e.ends[i] = Math.max(e.ends[i] - trailing, e.starts[i]);
        }
    }
}
