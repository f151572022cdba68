package dev.deberta4j.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * SentencePiece-style word marking: spaces become the replacement char (▁), a ▁ is prepended per
 * {@link PrependScheme}, and the text is split before every ▁.
 */
record MetaspacePreTokenizer(int replacement, PrependScheme prependScheme, boolean split) implements PreTokenizer {
    /** When to prepend the replacement char to a split that does not start with it. */
    enum PrependScheme {
        ALWAYS, FIRST, NEVER;

        static PrependScheme fromJson(String name, String path) {
            return switch (name) {
                case "always" -> ALWAYS;
                case "first" -> FIRST;
                case "never" -> NEVER;
                default -> throw new TokenizerFormatException(path + ": unsupported prepend_scheme '" + name
                        + "' (expected always, first or never)");
            };
        }
    }

    @Override public void preTokenize(PreTokenizedText text) {
        int[] rep = {replacement};
        text.split(piece -> {
            piece.map(c -> c == ' ' ? replacement : c);
            boolean prepend = switch (prependScheme) {
                case ALWAYS -> true;
                case FIRST -> piece.originalShift() == 0;
                case NEVER -> false;
            };
            if (prepend && !piece.isEmpty() && piece.charAt(0) != replacement) piece.prepend(rep);
            if (!split) return List.of(piece);
            // Merged-with-next splitting on the replacement char is a cut before each one.
            List<NormalizedText> out = new ArrayList<>();
            int start = 0;
            for (int i = 1; i < piece.length(); i++) {
                if (piece.charAt(i) == replacement) {
                    out.add(piece.slice(start, i));
                    start = i;
                }
            }
            out.add(start == 0 ? piece.rebased() : piece.slice(start, piece.length()));
            return out;
        });
    }
}
