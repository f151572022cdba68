package dev.deberta4j.train;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.model.ModelInput;
import dev.deberta4j.tensor.Activations;

/**
 * DebertaV2ForMaskedLM's cls.predictions: dense → hidden_act → LayerNorm → decoder. The decoder weight IS the
 * word-embedding parameter (tied), so its gradient adds to the input-embedding gradient; its bias is
 * cls.predictions.bias.
 */
final class MaskedLmPredictionHead implements TrainingHead {
    private final DenseLayer transform;
    private final String activation;
    private final LayerNormLayer layerNorm;
    private final DenseLayer decoder;

    private int rows;
    private float[] lastHidden;
    private float[] preActivation;
    private LayerNormLayer.Normalized normalized;

    MaskedLmPredictionHead(DebertaConfig c, ParameterSet p, Parameter wordEmbeddings) {
        transform = p.headDense("cls.predictions.transform.dense");
        activation = c.hiddenAct;
        layerNorm = p.headLayerNorm("cls.predictions.transform.LayerNorm", c.layerNormEps);
        decoder = new DenseLayer(wordEmbeddings, p.get("cls.predictions.bias"));
    }

    @Override
    public float[] forward(float[] hidden, ModelInput in, DropoutStream stream) {
        rows = in.batch() * in.seqLen();
        lastHidden = hidden;
        preActivation = transform.forward(hidden, rows);
        float[] h = preActivation.clone();
        Activations.apply(activation, h, 0, h.length);
        normalized = layerNorm.forward(h, rows);
        return decoder.forward(normalized.y(), rows);
    }

    @Override
    public int[] logitsShape(ModelInput in) {
        return new int[]{in.batch(), in.seqLen(), decoder.out};
    }

    @Override
    public float[] backward(float[] dLogits) {
        float[] dh = decoder.backward(normalized.y(), dLogits, rows);
        float[] dActivated = layerNorm.backward(normalized, dh);
        Activations.backward(activation, preActivation, 0, dActivated, 0, dActivated.length);
        return transform.backward(lastHidden, dActivated, rows);
    }
}
