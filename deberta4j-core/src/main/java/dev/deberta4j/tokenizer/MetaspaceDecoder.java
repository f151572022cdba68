package dev.deberta4j.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Replacement char back to spaces; in the first token it is dropped (all of them, as HF does) unless the
 * prepend scheme is {@code never}.
 */
record MetaspaceDecoder(int replacement, boolean prependScheme) implements Decoder {
    @Override public List<String> decodeChain(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            StringBuilder b = new StringBuilder(t.length());
            boolean first = i == 0;
            t.codePoints().forEach(c -> {
                if (c == replacement) {
                    if (!(first && prependScheme)) b.append(' ');
                } else {
                    b.appendCodePoint(c);
                }
            });
            out.add(b.toString());
        }
        return out;
    }
}
