package dev.deberta4j.train;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.kernels.Activation;
import dev.deberta4j.kernels.Activations;
import dev.deberta4j.model.HeadLayout;
import dev.deberta4j.model.HeadMath;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.ModelInput;

/**
 * The discriminator head of replaced-token detection, named as transformers' ElectraDiscriminatorPredictions:
 * discriminator_predictions.dense (hidden → hidden) → hidden_act → discriminator_predictions.dense_prediction
 * (hidden → 1), one logit per token ("was this token replaced?"). No dropout, as in ELECTRA.
 */
public final class TrainableReplacedTokenDetectionHead implements TrainableHead {

    private final TrainableLinear dense;
    private final Activation activation;
    private final TrainableLinear prediction;

    private int rows;
    private float[] lastHidden;
    private float[] preActivation;
    private float[] activated;

    public TrainableReplacedTokenDetectionHead(DebertaConfig c, ParameterSet p) {
        HeadLayout.Discriminator names = HeadLayout.discriminatorOfAnyFamily(c);
        dense = p.headDense(names.dense());
        activation = names.activation();
        prediction = p.headDense(names.prediction());
        if (prediction.out != 1) throw new IllegalArgumentException(names.prediction() + " must have one output");
    }

    @Override
    public float[] forward(float[] hidden, ModelInput in, DropoutStream stream) {
        rows = in.batch() * in.seqLen();
        lastHidden = hidden;
        preActivation = dense.forward(hidden, rows);
        activated = preActivation.clone();
        Activations.apply(activation, activated, 0, activated.length);
        return prediction.forward(activated, rows);
    }

    @Override
    public int[] logitsShape(ModelInput in) {
        return HeadMath.logitsShape(HeadType.REPLACED_TOKEN_DETECTION, in, 1);
    }

    @Override
    public float[] backward(float[] dLogits) {
        float[] dActivated = prediction.backward(activated, dLogits, rows);
        Activations.backward(activation, preActivation, 0, dActivated, 0, dActivated.length);
        return dense.backward(lastHidden, dActivated, rows);
    }
}
