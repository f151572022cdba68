package dev.deberta4j.model;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.tensor.Activations;

/**
 * The first token's hidden state -> dense -> activation: DeBERTa's ContextPooler, BERT's pooler, the dense half of
 * ELECTRA's and RoBERTa's classification heads, DistilBERT's pre_classifier ({@link HeadLayout#pooled}).
 */
final class ContextPooler {
    private final int hidden;
    private final Linear dense;
    private final String activation;

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
        int batch = in.batch();
        float[] first = new float[batch * hidden];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(lastHidden, b * in.seqLen() * hidden, first, b * hidden, hidden);
        }
        float[] pooled = dense.forward(first, batch);
        Activations.apply(activation, pooled, 0, pooled.length);
        return pooled;
    }
}
