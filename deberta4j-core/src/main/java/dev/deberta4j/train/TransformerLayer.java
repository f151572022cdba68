package dev.deberta4j.train;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.model.ModelInput;
import dev.deberta4j.model.RelativeIndex;
import dev.deberta4j.tensor.Activations;

/**
 * DebertaV2Layer for training: attention, output dense + dropout + residual + LayerNorm, intermediate dense +
 * activation, output dense + dropout + residual + LayerNorm; forward keeps what backward needs.
 */
final class TransformerLayer {
    private final AttentionLayer attention;
    private final DenseLayer attentionOutput;
    private final LayerNormLayer attentionLayerNorm;
    private final DenseLayer intermediate;
    private final String activation;
    private final DenseLayer output;
    private final LayerNormLayer outputLayerNorm;
    private final double dropout;
    private final int siteBase;

    private int rows;
    private float[] context;
    private float[] attentionMask;
    private LayerNormLayer.Normalized attended;
    private float[] preActivation;
    private float[] activated;
    private float[] outputMask;
    private LayerNormLayer.Normalized result;

    TransformerLayer(DebertaConfig c, ParameterSet p, int index) {
        String prefix = "encoder.layer." + index + ".";
        attention = new AttentionLayer(c, p, prefix + "attention.self.", index);
        attentionOutput = p.backboneDense(prefix + "attention.output.dense", true);
        attentionLayerNorm = p.backboneLayerNorm(prefix + "attention.output.LayerNorm", c.layerNormEps);
        intermediate = p.backboneDense(prefix + "intermediate.dense", true);
        activation = c.hiddenAct;
        output = p.backboneDense(prefix + "output.dense", true);
        outputLayerNorm = p.backboneLayerNorm(prefix + "output.LayerNorm", c.layerNormEps);
        dropout = c.hiddenDropoutProb;
        siteBase = index * DropoutStream.SITES_PER_LAYER;
    }

    float[] forward(float[] hidden, ModelInput in, RelativeIndex rel, float[] relEmbeddings, DropoutStream stream) {
        rows = in.batch() * in.seqLen();
        context = attention.forward(hidden, in, rel, relEmbeddings, stream);
        float[] a = attentionOutput.forward(context, rows);
        attentionMask = Dropout.mask(dropout, a.length, stream, siteBase + 2);
        Dropout.apply(attentionMask, a);
        addInto(hidden, a);
        attended = attentionLayerNorm.forward(a, rows);
        preActivation = intermediate.forward(attended.y(), rows);
        activated = preActivation.clone();
        Activations.apply(activation, activated, 0, activated.length);
        float[] o = output.forward(activated, rows);
        outputMask = Dropout.mask(dropout, o.length, stream, siteBase + 3);
        Dropout.apply(outputMask, o);
        addInto(attended.y(), o);
        result = outputLayerNorm.forward(o, rows);
        return result.y();
    }

    /** @return the gradient of the layer input; adds the relative embeddings' gradient into dRelEmbeddings */
    float[] backward(float[] dOut, float[] dRelEmbeddings) {
        float[] dSum = outputLayerNorm.backward(result, dOut);
        float[] dAttended = dSum.clone();                  // residual path
        Dropout.apply(outputMask, dSum);
        float[] dActivated = output.backward(activated, dSum, rows);
        Activations.backward(activation, preActivation, 0, dActivated, 0, dActivated.length);
        addInto(intermediate.backward(attended.y(), dActivated, rows), dAttended);
        float[] dAttentionSum = attentionLayerNorm.backward(attended, dAttended);
        float[] dHidden = dAttentionSum.clone();           // residual path
        Dropout.apply(attentionMask, dAttentionSum);
        float[] dContext = attentionOutput.backward(context, dAttentionSum, rows);
        addInto(attention.backward(dContext, dRelEmbeddings), dHidden);
        return dHidden;
    }

    static void addInto(float[] src, float[] dst) {
        for (int i = 0; i < dst.length; i++) dst[i] += src[i];
    }
}
