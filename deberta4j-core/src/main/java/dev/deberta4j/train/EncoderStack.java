package dev.deberta4j.train;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.model.ModelInput;
import dev.deberta4j.model.RelativeIndex;

/**
 * DebertaV2Encoder for training: the layers, the relative embeddings (LayerNorm-ed once per pass when
 * norm_rel_ebd has layer_norm, shared by every layer) and the optional conv layer after layer 0.
 */
public final class EncoderStack {
    private final DebertaConfig config;
    private final TransformerLayer[] layers;
    private final Parameter relEmbeddings;       // null without relative attention
    private final LayerNormLayer relLayerNorm;   // null unless norm_rel_ebd has layer_norm
    private final ConvolutionLayer conv;         // null unless conv_kernel_size > 0

    private LayerNormLayer.Normalized relNormalized;

    public EncoderStack(DebertaConfig c, ParameterSet p) {
        config = c;
        relEmbeddings = c.relativeAttention ? p.backbone("encoder.rel_embeddings.weight") : null;
        relLayerNorm = c.normRelEmbeddingsWithLayerNorm() ? p.backboneLayerNorm("encoder.LayerNorm", c.layerNormEps) : null;
        layers = new TransformerLayer[c.numHiddenLayers];
        for (int i = 0; i < layers.length; i++) layers[i] = new TransformerLayer(c, p, i);
        conv = c.convKernelSize > 0 ? new ConvolutionLayer(c, p, DropoutStream.CONV_SITE) : null;
    }

    /** @return the last layer's output [batch·L, hidden] */
    public float[] forward(float[] embedded, ModelInput in, DropoutStream stream) {
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
        for (int i = 0; i < layers.length; i++) {
            h = layers[i].forward(h, in, rel, rels, stream);
            if (i == 0 && conv != null) h = conv.forward(embedded, h, in, stream);
        }
        return h;
    }

    /** @return the gradient of the embedding output; accumulates every encoder parameter's gradient */
    public float[] backward(float[] dOut) {
        float[] dRel = relEmbeddings != null ? new float[relEmbeddings.size()] : null;
        float[] d = dOut;
        float[] dEmbeddedByConv = null;
        for (int i = layers.length - 1; i >= 0; i--) {
            if (i == 0 && conv != null) {
                dEmbeddedByConv = new float[d.length];
                d = conv.backward(d, dEmbeddedByConv);
            }
            d = layers[i].backward(d, dRel);
        }
        if (dEmbeddedByConv != null) TransformerLayer.addInto(dEmbeddedByConv, d);
        if (dRel != null) {
            float[] dTable = relLayerNorm != null ? relLayerNorm.backward(relNormalized, dRel) : dRel;
            TransformerLayer.addInto(dTable, relEmbeddings.grad());
        }
        return d;
    }
}
