package dev.deberta4j.train;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.model.ModelInput;
import dev.deberta4j.model.RelativeIndex;

import java.util.List;

/**
 * DebertaV2Encoder for training: the layers, the relative embeddings (LayerNorm-ed once per pass when
 * norm_rel_ebd has layer_norm, shared by every layer) and the optional conv layer after layer 0.
 *
 * <p>With an Enhanced Mask Decoder (microsoft/DeBERTa's EnhancedMaskDecoder, z_steps 2) the output is not the
 * last layer's: with H the last layer's input and P the absolute position embeddings of positions 0..L-1,
 * the last layer's weights run twice with H as keys and values: Q1 = Layer(query = H + P, kv = H),
 * Q2 = Layer(query = Q1, kv = H), and Q2 is the output. The last layer's ordinary output feeds nothing then and
 * is not computed.
 */
public final class TrainableEncoder {
    private final DebertaConfig config;
    private final TrainableEncoderLayer[] layers;
    private final Parameter relEmbeddings;       // null without relative attention
    private final TrainableLayerNorm relLayerNorm;   // null unless norm_rel_ebd has layer_norm
    private final TrainableConvLayer conv;         // null unless conv_kernel_size > 0
    private final Parameter emdPositions;        // null without an Enhanced Mask Decoder
    private final TrainableEncoderLayer[] emdSteps;   // the last layer's weights, dropout sites of their own

    private TrainableLayerNorm.Normalized relNormalized;
    private float[] emdHidden;                   // H of the last pass
    private int seqLen;

    public TrainableEncoder(DebertaConfig c, ParameterSet p) {
        this(c, p, null);
    }

    /**
     * @param emdPositionEmbeddings the Enhanced Mask Decoder's absolute position table [max_position_embeddings,
     *                              hidden], or null for an ordinary encoder
     */
    public TrainableEncoder(DebertaConfig c, ParameterSet p, Parameter emdPositionEmbeddings) {
        config = c;
        relEmbeddings = c.relativeAttention ? p.backbone("encoder.rel_embeddings.weight") : null;
        relLayerNorm = c.normRelEmbeddingsWithLayerNorm() ? p.backboneLayerNorm("encoder.LayerNorm", c.layerNormEps) : null;
        layers = new TrainableEncoderLayer[c.numHiddenLayers];
        for (int i = 0; i < layers.length; i++) layers[i] = new TrainableEncoderLayer(c, p, i);
        conv = c.convKernelSize > 0 ? new TrainableConvLayer(c, p, DropoutStream.CONV_SITE) : null;
        emdPositions = emdPositionEmbeddings;
        if (emdPositions != null) {
            int[] shape = emdPositions.shape();
            if (shape.length != 2 || shape[0] != c.maxPositionEmbeddings || shape[1] != c.hiddenSize) {
                throw new IllegalArgumentException("Enhanced Mask Decoder: " + emdPositions + " must be [max_position_"
                        + "embeddings, hidden_size] = [" + c.maxPositionEmbeddings + ", " + c.hiddenSize + "]");
            }
            int last = c.numHiddenLayers - 1;
            emdSteps = new TrainableEncoderLayer[]{new TrainableEncoderLayer(c, p, last, last + 1),
                    new TrainableEncoderLayer(c, p, last, last + 2)};
        } else {
            emdSteps = null;
        }
    }

    /** @return the last layer's output [batch·L, hidden] */
    public float[] forward(float[] embedded, ModelInput in, DropoutStream stream) {
        return forward(embedded, in, stream, null);
    }

    /**
     * @param hiddenStates if not null, receives the embedding output and every ordinary layer's output (after the
     *                     conv layer for layer 0), as inference's Encoder gives them
     */
    float[] forward(float[] embedded, ModelInput in, DropoutStream stream, List<float[]> hiddenStates) {
        RelativeIndex rel = null;
        float[] rels = null;
        if (relEmbeddings != null) {
            rel = RelativeIndex.of(config, in.seqLen());
            int rows = relEmbeddings.shape()[0];
            if (relLayerNorm != null) {
                relNormalized = relLayerNorm.forward(relEmbeddings.data(), rows);
                rels = relNormalized.y();
            } else {
                rels = relEmbeddings.data();
            }
        }
        float[] h = embedded;
        if (hiddenStates != null) hiddenStates.add(embedded);
        int ordinary = emdSteps == null ? layers.length : layers.length - 1;
        for (int i = 0; i < ordinary; i++) {
            h = layers[i].forward(h, in, rel, rels, stream);
            if (i == 0 && conv != null) h = conv.forward(embedded, h, in, stream);
            if (hiddenStates != null) hiddenStates.add(h);
        }
        if (emdSteps == null) return h;
        emdHidden = h;
        seqLen = in.seqLen();
        int width = config.hiddenSize;
        float[] query = h.clone();
        float[] positions = emdPositions.data();
        for (int row = 0; row < query.length / width; row++) {
            int p = (row % seqLen) * width;
            for (int i = 0; i < width; i++) query[row * width + i] += positions[p + i];
        }
        for (TrainableEncoderLayer step : emdSteps) query = step.forward(query, h, in, rel, rels, stream);
        return query;
    }

    /** @return the gradient of the embedding output; accumulates every encoder parameter's gradient */
    public float[] backward(float[] dOut) {
        float[] dRel = relEmbeddings != null ? new float[relEmbeddings.size()] : null;
        float[] d = dOut;
        int ordinary = layers.length;
        if (emdSteps != null) {
            ordinary--;
            float[] dHidden = new float[emdHidden.length];
            for (int s = emdSteps.length - 1; s >= 0; s--) {
                TrainableEncoderLayer.addInto(emdSteps[s].backward(d, dRel), dHidden);
                d = emdSteps[s].queryGradient();
            }
            // d is now the gradient of H + P: it flows to H and, summed over the batch, to P's rows.
            int width = config.hiddenSize;
            float[] dPositions = emdPositions.grad();
            for (int row = 0; row < d.length / width; row++) {
                int p = (row % seqLen) * width;
                for (int i = 0; i < width; i++) dPositions[p + i] += d[row * width + i];
            }
            TrainableEncoderLayer.addInto(dHidden, d);
        }
        float[] dEmbeddedByConv = null;
        for (int i = ordinary - 1; i >= 0; i--) {
            if (i == 0 && conv != null) {
                dEmbeddedByConv = new float[d.length];
                d = conv.backward(d, dEmbeddedByConv);
            }
            d = layers[i].backward(d, dRel);
        }
        if (dEmbeddedByConv != null) TrainableEncoderLayer.addInto(dEmbeddedByConv, d);
        if (dRel != null) {
            float[] dTable = relLayerNorm != null ? relLayerNorm.backward(relNormalized, dRel) : dRel;
            TrainableEncoderLayer.addInto(dTable, relEmbeddings.grad());
        }
        return d;
    }
}
