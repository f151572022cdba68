package dev.deberta4j.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.function.Consumer;

/**
 * The words a tokenizer's model sees: a tokenizer.json normalizer and pre-tokenizer applied to a text (HF
 * {@code pre_tokenize_str} after {@code normalize_str}). Trainers count these words, so a trained model is
 * trained on exactly the splits it will later encode. Immutable and thread-safe.
 */
public final class WordSplitter {
    private final Normalizer normalizer;
    private final PreTokenizer preTokenizer;

    private WordSplitter(Normalizer normalizer, PreTokenizer preTokenizer) {
        this.normalizer = normalizer;
        this.preTokenizer = preTokenizer;
    }

    /** From the {@code normalizer} and {@code pre_tokenizer} nodes of a tokenizer.json (either may be null). */
    public static WordSplitter fromJson(JsonNode normalizer, JsonNode preTokenizer) {
        return new WordSplitter(
                normalizer == null || normalizer.isNull() ? null
                        : TokenizerJsonReader.normalizer(new Json(normalizer, "tokenizer.json", "normalizer")),
                preTokenizer == null || preTokenizer.isNull() ? null
                        : TokenizerJsonReader.preTokenizer(new Json(preTokenizer, "tokenizer.json", "pre_tokenizer")));
    }

    /** Hands every non-empty word of {@code text} to {@code word}, in order. */
    public void split(String text, Consumer<String> word) {
        PreTokenizedText pre = new PreTokenizedText(NormalizedText.of(InputText.codePoints(text)));
        if (normalizer != null) {
            pre.split(piece -> {
                normalizer.normalize(piece);
                return List.of(piece);
            });
        }
        if (preTokenizer != null) preTokenizer.preTokenize(pre);
        for (PreTokenizedText.Split s : pre.splits()) {
            if (!s.text.isEmpty()) word.accept(s.text.toString());
        }
    }
}
