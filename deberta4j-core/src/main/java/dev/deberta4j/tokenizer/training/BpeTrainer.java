package dev.deberta4j.tokenizer.training;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deberta4j.tokenizer.ByteLevelAlphabet;

import java.util.ArrayList;
import java.util.List;

/**
 * Byte-level BPE as GPT-2/RoBERTa tokenizers are trained (HF {@code BpeTrainer} with the ByteLevel alphabet): the
 * text is split by the GPT-2 pattern, every UTF-8 byte becomes one of 256 printable chars (all of them in the
 * alphabet, so nothing is ever unknown), then the shared merge loop. No normalizer; ByteLevel decoder.
 */
final class BpeTrainer {
    private BpeTrainer() {}

    static ObjectNode normalizer() {
        return null;
    }

    static ObjectNode preTokenizer() {
        return TokenizerJsonTree.F.objectNode().put("type", "ByteLevel").put("add_prefix_space", false)
                .put("trim_offsets", true).put("use_regex", true);
    }

    /** The 256 chars standing for the bytes (GPT-2's bytes_to_unicode). */
    static int[] byteAlphabet() {
        int[] out = new int[256];
        for (int b = 0; b < 256; b++) out[b] = ByteLevelAlphabet.charOf(b);
        return out;
    }

    static ObjectNode train(WordCounts words, TrainerOptions options, TrainingProgress progress) {
        // Every byte is in the alphabet anyway; a char limit would only drop bytes, so none applies.
        MergeTrainer.Result r = new MergeTrainer(options.learnedSizeWithLeading(), options.minFrequency(), 0,
                byteAlphabet(), null).train(words, options.leadingSpecials(), java.util.Set.copyOf(options.specials()), progress);
        List<String> vocab = new ArrayList<>(r.vocab());
        if (options.maskLast()) vocab.add(TrainerOptions.MASK);
        ObjectNode model = TokenizerJsonTree.F.objectNode().put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false).put("byte_fallback", false).put("ignore_merges", false);
        model.set("vocab", TokenizerJsonTree.vocabObject(vocab));
        ArrayNode merges = model.putArray("merges");
        for (String[] m : r.merges()) merges.addArray().add(m[0]).add(m[1]);
        ObjectNode decoder = TokenizerJsonTree.F.objectNode().put("type", "ByteLevel").put("add_prefix_space", true)
                .put("trim_offsets", true).put("use_regex", true);
        return TokenizerJsonTree.of(vocab, options.specials(), normalizer(), preTokenizer(), decoder, model);
    }
}
