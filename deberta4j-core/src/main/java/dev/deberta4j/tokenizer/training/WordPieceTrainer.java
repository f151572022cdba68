package dev.deberta4j.tokenizer.training;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * WordPiece as HF tokenizers' {@code WordPieceTrainer} trains it: the BPE merge loop over chars with the {@code ##}
 * continuing-subword prefix, then the vocabulary kept and the merges dropped. BERT's normalizer and pre-tokenizer
 * with Korean-safe settings: control chars dropped, whitespace unified and CJK ideographs spaced (clean_text,
 * handle_chinese_chars) but no lowercasing, no accent stripping and no NFD (which would split Hangul into jamo).
 */
final class WordPieceTrainer {
    static final String PREFIX = "##";
    static final int MAX_INPUT_CHARS_PER_WORD = 100;

    private WordPieceTrainer() {}

    static ObjectNode normalizer() {
        return TokenizerJsonTree.F.objectNode().put("type", "BertNormalizer").put("clean_text", true)
                .put("handle_chinese_chars", true).put("strip_accents", false).put("lowercase", false);
    }

    static ObjectNode preTokenizer() {
        return TokenizerJsonTree.F.objectNode().put("type", "BertPreTokenizer");
    }

    /** The tokenizer.json tree trained from {@code words}. */
    static ObjectNode train(WordCounts words, TrainerOptions options, TrainingProgress progress) {
        MergeTrainer.Result r = new MergeTrainer(options.learnedSizeWithLeading(), options.minFrequency(),
                options.limitAlphabet(), new int[0], PREFIX).train(words, options.leadingSpecials(), java.util.Set.copyOf(options.specials()), progress);
        List<String> vocab = new ArrayList<>(r.vocab());
        if (options.maskLast()) vocab.add(TrainerOptions.MASK);
        ObjectNode model = TokenizerJsonTree.F.objectNode().put("type", "WordPiece").put("unk_token", TrainerOptions.UNK)
                .put("continuing_subword_prefix", PREFIX).put("max_input_chars_per_word", MAX_INPUT_CHARS_PER_WORD);
        model.set("vocab", TokenizerJsonTree.vocabObject(vocab));
        ObjectNode decoder = TokenizerJsonTree.F.objectNode().put("type", "WordPiece").put("prefix", PREFIX)
                .put("cleanup", true);
        return TokenizerJsonTree.of(vocab, options.specials(), normalizer(), preTokenizer(), decoder, model);
    }
}
