package dev.deberta4j.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.config.ModelFamily;

import java.util.Locale;

/**
 * Named configurations: the card's base model (team-lucid/deberta-v3-base-korean: hidden 768, 12 layers,
 * 12 heads, intermediate 3072, vocab 64100, 256 position buckets, relative attention with LayerNorm-ed
 * relative embeddings and shared keys, no absolute positions, no token types) and its xsmall sibling
 * (hidden 384, 6 heads, intermediate 1536), with a 2-label sequence-classification head as in the anchors;
 * "h256l6" is a small pre-training shape of the same family (hidden 256, 6 layers, 4 heads, intermediate 1024);
 * "bert-base", "electra-small" and "electra-base" are the card's BERT and ELECTRA baselines ({@link #encoder}).
 */
public final class ModelShapes {
    private ModelShapes() {
    }

    public static DebertaConfig byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "base" -> v3(768, 12, 12, 3072);
            case "xsmall" -> v3(384, 12, 6, 1536);
            case "h256l6" -> v3(256, 6, 4, 1024);
            case "bert-base" -> encoder(ModelFamily.BERT, 30000, 768, 768, 12, 12, 3072);
            case "electra-small" -> encoder(ModelFamily.ELECTRA, 35000, 128, 256, 12, 4, 1024);
            case "electra-base" -> encoder(ModelFamily.ELECTRA, 35000, 768, 768, 12, 12, 3072);
            default -> throw new IllegalArgumentException("unknown shape '" + name + "' (expected " + NAMES + ")");
        };
    }

    /** The shape names {@link #byName} knows. */
    public static final String NAMES = "base, xsmall, h256l6, bert-base, electra-small or electra-base";

    /**
     * A BERT-family config of the card's baselines: KcBERT-base's width (vocab 30000) with 512 positions, and
     * KoELECTRA-v3's small (embedding 128, hidden 256, 4 heads) and base discriminators (vocab 35000); two token
     * types, a 2-label sequence-classification head.
     */
    public static DebertaConfig encoder(ModelFamily family, int vocab, int embedding, int hidden, int layers, int heads,
                                        int intermediate) {
        ObjectNode n = DebertaConfig.newJson(family);
        n.putArray("architectures").add(HeadType.SEQUENCE_CLASSIFICATION.architecture(family));
        n.put("vocab_size", vocab);
        if (family == ModelFamily.ELECTRA) n.put("embedding_size", embedding);
        n.put("hidden_size", hidden);
        n.put("num_hidden_layers", layers);
        n.put("num_attention_heads", heads);
        n.put("intermediate_size", intermediate);
        n.put("hidden_act", "gelu");
        n.put("max_position_embeddings", 512);
        n.put("type_vocab_size", 2);
        n.put("layer_norm_eps", 1e-12);
        n.put("pad_token_id", 0);
        n.putObject("id2label").put("0", "LABEL_0").put("1", "LABEL_1");
        n.putObject("label2id").put("LABEL_0", 0).put("LABEL_1", 1);
        return DebertaConfig.fromJson(n);
    }

    /** A DeBERTa-V3 config of the card's family with the given size. */
    public static DebertaConfig v3(int hidden, int layers, int heads, int intermediate) {
        ObjectNode n = DebertaConfig.newJson();
        n.putArray("architectures").add(HeadType.SEQUENCE_CLASSIFICATION.architecture());
        n.put("vocab_size", 64100);
        n.put("hidden_size", hidden);
        n.put("num_hidden_layers", layers);
        n.put("num_attention_heads", heads);
        n.put("intermediate_size", intermediate);
        n.put("hidden_act", "gelu");
        n.put("hidden_dropout_prob", 0.1);
        n.put("attention_probs_dropout_prob", 0.1);
        n.put("max_position_embeddings", 512);
        n.put("type_vocab_size", 0);
        n.put("initializer_range", 0.02);
        n.put("layer_norm_eps", 1e-7);
        n.put("relative_attention", true);
        n.put("max_relative_positions", -1);
        n.put("position_buckets", 256);
        n.put("norm_rel_ebd", "layer_norm");
        n.put("share_att_key", true);
        n.putArray("pos_att_type").add("p2c").add("c2p");
        n.put("position_biased_input", false);
        n.put("pad_token_id", 0);
        n.put("pooler_hidden_size", hidden);
        n.put("pooler_hidden_act", "gelu");
        n.put("pooler_dropout", 0);
        n.putObject("id2label").put("0", "LABEL_0").put("1", "LABEL_1");
        n.putObject("label2id").put("LABEL_0", 0).put("LABEL_1", 1);
        return DebertaConfig.fromJson(n);
    }
}
