package dev.deberta4j.train;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.model.ModelInput;

/** Tiny configs covering every code path of the model, and padded batches for them. */
final class TinyModels {
    private TinyModels() {
    }

    /**
     * DeBERTa-V3 shape: shared attention keys, log-bucketed relative positions, LayerNorm-ed relative embeddings,
     * c2p and p2c, no absolute positions; dropout on everywhere.
     */
    static DebertaConfig v3(int numLabels) {
        return DebertaConfig.parse("""
                {"model_type": "deberta-v2", "vocab_size": 40, "hidden_size": 16, "num_hidden_layers": 2,
                 "num_attention_heads": 2, "intermediate_size": 24, "hidden_act": "gelu",
                 "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1, "pooler_dropout": 0.1,
                 "max_position_embeddings": 32, "type_vocab_size": 0, "initializer_range": 0.2,
                 "layer_norm_eps": 1e-7, "relative_attention": true, "max_relative_positions": 16,
                 "position_buckets": 6, "pad_token_id": 0, "position_biased_input": false,
                 "pos_att_type": ["p2c", "c2p"], "norm_rel_ebd": "layer_norm", "share_att_key": true,
                 "pooler_hidden_size": 16, "pooler_hidden_act": "gelu", "num_labels": %d}
                """.formatted(numLabels));
    }

    /**
     * DeBERTa-V2 shape with every optional module: absolute positions, token types, an embedding projection,
     * separate pos_key_proj / pos_query_proj, unbucketed relative positions, a grouped conv layer (tanh).
     */
    static DebertaConfig v2WithEverything() {
        return DebertaConfig.parse("""
                {"model_type": "deberta-v2", "vocab_size": 40, "hidden_size": 16, "num_hidden_layers": 2,
                 "num_attention_heads": 2, "intermediate_size": 24, "hidden_act": "gelu",
                 "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1, "pooler_dropout": 0.1,
                 "max_position_embeddings": 32, "type_vocab_size": 2, "initializer_range": 0.2,
                 "layer_norm_eps": 1e-7, "relative_attention": true, "max_relative_positions": 4,
                 "position_buckets": -1, "pad_token_id": 0, "position_biased_input": true,
                 "pos_att_type": ["c2p", "p2c"], "share_att_key": false, "embedding_size": 12,
                 "conv_kernel_size": 3, "conv_groups": 2, "conv_act": "tanh",
                 "pooler_hidden_size": 10, "pooler_hidden_act": "tanh", "cls_dropout": 0.2, "num_labels": 3}
                """);
    }

    /** Three sequences of lengths 7, 5 and 3, padded to 7 with id 0, token types 0 then 1. */
    static ModelInput batch() {
        return batch(7, 5, 3);
    }

    /** Sequences of the given lengths padded to the first (longest), token types 0 then 1. */
    static ModelInput batch(int... lengths) {
        int len = lengths[0];
        int n = lengths.length;
        int[] ids = new int[n * len];
        int[] mask = new int[n * len];
        int[] types = new int[n * len];
        for (int b = 0; b < n; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                ids[b * len + t] = 1 + (b * 11 + t * 7) % 39;
                mask[b * len + t] = 1;
                types[b * len + t] = t >= lengths[b] / 2 ? 1 : 0;
            }
        }
        return new ModelInput(n, len, ids, mask, types, 1);
    }

    /** Per-token labels for the batch: -100 at padding, else a class in [0, classes). */
    static int[] tokenLabels(ModelInput in, int classes) {
        int[] labels = new int[in.inputIds().length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = in.attentionMask()[i] == 0 ? CrossEntropyLoss.IGNORE_INDEX : (i * 5) % classes;
        }
        return labels;
    }
}
