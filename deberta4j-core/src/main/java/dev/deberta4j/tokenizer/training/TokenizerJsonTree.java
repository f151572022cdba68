package dev.deberta4j.tokenizer.training;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deberta4j.tokenizer.TokenizerJsonWriter;

import java.util.List;

/** The tokenizer.json tree of a trained WordPiece or BPE tokenizer (the Unigram one comes from its spm.model). */
final class TokenizerJsonTree {
    static final JsonNodeFactory F = JsonNodeFactory.instance;

    private TokenizerJsonTree() {}

    /**
     * {@code vocab} holds every token at its id (specials included); specials become added tokens matched in the
     * raw text; the post-processor is {@code [CLS] A [SEP] (B [SEP])}.
     */
    static ObjectNode of(List<String> vocab, List<String> specials, ObjectNode normalizer, ObjectNode preTokenizer,
                         ObjectNode decoder, ObjectNode model) {
        ObjectNode root = F.objectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (int id = 0; id < vocab.size(); id++) {
            if (!specials.contains(vocab.get(id))) continue;
            added.addObject().put("id", id).put("content", vocab.get(id)).put("single_word", false)
                    .put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", true);
        }
        root.set("normalizer", normalizer);
        root.set("pre_tokenizer", preTokenizer);
        root.set("post_processor", TokenizerJsonWriter.bertTemplate(TrainerOptions.CLS, vocab.indexOf(TrainerOptions.CLS),
                TrainerOptions.SEP, vocab.indexOf(TrainerOptions.SEP)));
        root.set("decoder", decoder);
        root.set("model", model);
        return root;
    }

    /** The vocabulary as a tokenizer.json {@code vocab} object, in id order. */
    static ObjectNode vocabObject(List<String> vocab) {
        ObjectNode v = F.objectNode();
        for (int i = 0; i < vocab.size(); i++) v.put(vocab.get(i), i);
        return v;
    }
}
