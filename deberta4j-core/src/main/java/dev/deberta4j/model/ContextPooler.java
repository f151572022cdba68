package dev.deberta4j.model;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.kernels.Activation;
import dev.deberta4j.kernels.Activations;

/**
 * The first token's hidden state -> dense -> activation: DeBERTa's ContextPooler, BERT's pooler, the dense half of
 * ELECTRA's and RoBERTa's classification heads, DistilBERT's pre_classifier ({@link HeadLayout#pooled}).
 */
final class ContextPooler {
    private final int hidden;
    private final Linear dense;
    private final Activation activation;

    ContextPooler(DebertaConfig c, WeightReader r, HeadLayout.Pooled layout) {
        hidden = c.hiddenSize;
        dense = Linear.head(r, layout.dense(), c.poolerHiddenSize, c.hiddenSize);
        activation = layout.activation();
    }

    int outputSize() {
        return dense.out;
    }

    /** @return [batch, pooler_hidden_size] */
    float[] forward(float[] lastHidden, ModelInput in) {
        float[] pooled = dense.forward(HeadMath.firstTokens(lastHidden, in, hidden), in.batch());
        Activations.apply(activation, pooled, 0, pooled.length);
        return pooled;
    }
}
