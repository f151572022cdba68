package dev.deberta4j.tokenizer;

import java.util.ArrayList;
import java.util.List;

/** Joins WordPiece tokens: continuation prefix removed, other tokens space-separated, optional cleanup. */
record WordPieceDecoder(String prefix, boolean cleanup) implements Decoder {
    @Override public List<String> decodeChain(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (i != 0) t = t.startsWith(prefix) ? t.replaceFirst(java.util.regex.Pattern.quote(prefix), "") : " " + t;
            if (cleanup) t = cleanup(t);
            out.add(t);
        }
        return out;
    }

    /** HF's English detokenization cleanup. */
    static String cleanup(String s) {
        return s.replace(" .", ".").replace(" ?", "?").replace(" !", "!").replace(" ,", ",")
                .replace(" ' ", "'").replace(" n't", "n't").replace(" 'm", "'m").replace(" do not", " don't")
                .replace(" 's", "'s").replace(" 've", "'ve").replace(" 're", "'re");
    }
}
