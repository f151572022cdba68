package dev.deberta4j.train;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.kernels.Activation;
import dev.deberta4j.kernels.Activations;
import dev.deberta4j.kernels.VectorOps;
import dev.deberta4j.model.ModelInput;
import dev.deberta4j.model.RelativeIndex;

/**
 * DebertaV2Layer for training: attention, output dense + dropout + residual + LayerNorm, intermediate dense +
 * activation, output dense + dropout + residual + LayerNorm; forward keeps what backward needs.
 */
final class TrainableEncoderLayer {
    private final TrainableDisentangledSelfAttention attention;
    private final TrainableLinear attentionOutput;
    private final TrainableLayerNorm attentionLayerNorm;
    private final TrainableLinear intermediate;
    private final Activation activation;
    private final TrainableLinear output;
    private final TrainableLayerNorm outputLayerNorm;
    private final double dropout;
    private final int siteBase;

    private int rows;
    private boolean separateQuery;
    private float[] context;
    private float[] attentionMask;
    private TrainableLayerNorm.Normalized attended;
    private float[] preActivation;
    private float[] activated;
    private float[] outputMask;
    private TrainableLayerNorm.Normalized result;
    private float[] queryGradient;

    TrainableEncoderLayer(DebertaConfig c, ParameterSet p, int index) {
        this(c, p, index, index);
    }

    /**
     * Layer {@code index}'s weights with the dropout sites of layer {@code dropoutIndex} (the Enhanced Mask Decoder
     * re-runs the last layer's weights with dropout masks of its own).
     */
    TrainableEncoderLayer(DebertaConfig c, ParameterSet p, int index, int dropoutIndex) {
        String prefix = "encoder.layer." + index + ".";
        attention = new TrainableDisentangledSelfAttention(c, p, prefix + "attention.self.", dropoutIndex);
        attentionOutput = p.backboneDense(prefix + "attention.output.dense", true);
        attentionLayerNorm = p.backboneLayerNorm(prefix + "attention.output.LayerNorm", c.layerNormEps);
        intermediate = p.backboneDense(prefix + "intermediate.dense", true);
        activation = Activation.forName(c.hiddenAct);
        output = p.backboneDense(prefix + "output.dense", true);
        outputLayerNorm = p.backboneLayerNorm(prefix + "output.LayerNorm", c.layerNormEps);
        dropout = c.hiddenDropoutProb;
        siteBase = dropoutIndex * DropoutStream.SITES_PER_LAYER;
    }

    float[] forward(float[] hidden, ModelInput in, RelativeIndex rel, float[] relEmbeddings, DropoutStream stream) {
        return forward(hidden, hidden, in, rel, relEmbeddings, stream);
    }

    /**
     * microsoft/DeBERTa's BertLayer with query_states: queries (and the attention's residual) from {@code query},
     * keys and values from {@code hidden}; the same array for an ordinary layer.
     */
    float[] forward(float[] query, float[] hidden, ModelInput in, RelativeIndex rel, float[] relEmbeddings,
                    DropoutStream stream) {
        rows = in.batch() * in.seqLen();
        separateQuery = query != hidden;
        context = attention.forward(query, hidden, in, rel, relEmbeddings, stream);
        float[] a = attentionOutput.forward(context, rows);
        attentionMask = Dropout.drop(dropout, a, stream, siteBase + 2);
        addInto(query, a);
        attended = attentionLayerNorm.forward(a, rows);
        preActivation = intermediate.forward(attended.y(), rows);
        activated = preActivation.clone();
        Activations.apply(activation, activated, 0, activated.length);
        float[] o = output.forward(activated, rows);
        outputMask = Dropout.drop(dropout, o, stream, siteBase + 3);
        addInto(attended.y(), o);
        result = outputLayerNorm.forward(o, rows);
        return result.y();
    }

    /**
     * @return the gradient of the layer input (of {@code hidden} when the queries had their own input: then
     *         {@link #queryGradient()} is the query input's); adds the relative embeddings' gradient into dRelEmbeddings
     */
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
        float[] dAttention = attention.backward(dContext, dRelEmbeddings);
        if (!separateQuery) {
            addInto(dAttention, dHidden);
            queryGradient = null;
            return dHidden;
        }
        queryGradient = dHidden;                         // the residual path and the query projection
        addInto(attention.queryGradient(), queryGradient);
        return dAttention;
    }

    /** The gradient of the separate query input of the last backward pass, or null if there was none. */
    float[] queryGradient() {
        return queryGradient;
    }

    static void addInto(float[] src, float[] dst) {
        VectorOps.add(src, 0, dst, 0, dst.length);
    }
}
