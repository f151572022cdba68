package dev.deberta4j.model;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.tensor.Activations;

/** ContextPooler: the first token's hidden state -> dense -> pooler_hidden_act. */
final class ContextPooler {
    private final int hidden;
    private final Linear dense;
    private final String activation;

    ContextPooler(DebertaConfig c, WeightReader r) {
        hidden = c.hiddenSize;
        dense = Linear.head(r, "pooler.dense", c.poolerHiddenSize, c.hiddenSize);
        activation = c.poolerHiddenAct;
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
