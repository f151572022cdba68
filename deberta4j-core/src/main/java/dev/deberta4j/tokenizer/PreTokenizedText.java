package dev.deberta4j.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The input cut into splits (HF {@code PreTokenizedString}): each split is a normalized piece that is either
 * already tokenized (an added token) or waiting for the model. Empty splits are dropped at every step.
 */
final class PreTokenizedText {
    /** One split; {@code tokens == null} until the model (or the added vocabulary) has tokenized it. */
    static final class Split {
        final NormalizedText text;
        List<Token> tokens;

        Split(NormalizedText text, List<Token> tokens) {
            this.text = text;
            this.tokens = tokens;
        }
    }

    private List<Split> splits = new ArrayList<>();

    PreTokenizedText(NormalizedText whole) {
        splits.add(new Split(whole, null));
    }

    List<Split> splits() { return splits; }

    /** Replaces every not-yet-tokenized split by the pieces {@code f} cuts it into. */
    void split(Function<NormalizedText, List<NormalizedText>> f) {
        List<Split> next = new ArrayList<>(splits.size() * 2);
        for (Split s : splits) {
            if (s.tokens != null) {
                next.add(s);
                continue;
            }
            for (NormalizedText piece : f.apply(s.text)) {
                if (!piece.isEmpty()) next.add(new Split(piece, null));
            }
        }
        splits = next;
    }

    /** Like {@link #split} but the function may return already-tokenized splits. */
    void splitTokenized(Function<NormalizedText, List<Split>> f) {
        List<Split> next = new ArrayList<>(splits.size() * 2);
        for (Split s : splits) {
            if (s.tokens != null) {
                next.add(s);
                continue;
            }
            for (Split piece : f.apply(s.text)) {
                if (!piece.text.isEmpty()) next.add(piece);
            }
        }
        splits = next;
    }
}
