package dev.deberta4j.model;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.kernels.Activation;
import dev.deberta4j.kernels.Activations;
import dev.deberta4j.tensor.Tensor;

/** ElectraForPreTraining's discriminator: dense → hidden_act → dense_prediction, one logit per token [batch, L]. */
final class ReplacedTokenDetectionHead implements Head {
    private final Linear dense;
    private final Activation activation;
    private final Linear prediction;

    ReplacedTokenDetectionHead(DebertaConfig c, WeightReader r) {
        HeadLayout.Discriminator names = HeadLayout.discriminator(c);
        dense = Linear.head(r, names.dense(), c.hiddenSize, c.hiddenSize);
        activation = names.activation();
        prediction = Linear.head(r, names.prediction(), 1, c.hiddenSize);
    }

    @Override
    public Output forward(float[] lastHidden, ModelInput in) {
        int rows = in.batch() * in.seqLen();
        float[] h = dense.forward(lastHidden, rows);
        Activations.apply(activation, h, 0, h.length);
        return Output.logits(new Tensor(prediction.forward(h, rows),
                HeadMath.logitsShape(HeadType.REPLACED_TOKEN_DETECTION, in, 1)));
    }
}
