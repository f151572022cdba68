package dev.deberta4j.model;

import dev.deberta4j.config.DebertaConfig;

import java.util.List;

/** DebertaV2Encoder: the layers, the shared relative embeddings (LayerNorm-ed when configured) and the conv layer. */
final class Encoder {
    private final DebertaConfig config;
    private final EncoderLayer[] layers;
    private final ConvLayer conv;

    Encoder(DebertaConfig c, WeightReader r) {
        config = c;
        float[] relEmbeddings = null;
        if (c.relativeAttention) {
            int rows = c.relEmbeddingRows();
            relEmbeddings = r.backbone("encoder.rel_embeddings.weight", rows, c.hiddenSize);
            if (c.normRelEmbeddingsWithLayerNorm()) {
                LayerNorm.backbone(r, "encoder.LayerNorm", c.hiddenSize, c.layerNormEps).forwardInPlace(relEmbeddings, rows);
            }
        } else if (c.normRelEmbeddingsWithLayerNorm()) {
            LayerNorm.backbone(r, "encoder.LayerNorm", c.hiddenSize, c.layerNormEps);   // exists in transformers, unused
        }
        layers = new EncoderLayer[c.numHiddenLayers];
        for (int i = 0; i < layers.length; i++) layers[i] = new EncoderLayer(c, r, i, relEmbeddings);
        conv = c.convKernelSize > 0 ? new ConvLayer(c, r) : null;
    }

    /**
     * @param hiddenStates if not null, receives the embedding output and every layer's output
     * @param attentions if not null, receives each layer's attention probabilities [batch, heads, L, L]
     * @return the last layer's output [batch·L, hidden]
     */
    float[] forward(float[] embeddingOutput, ModelInput in, List<float[]> hiddenStates, List<float[]> attentions) {
        RelativeIndex rel = config.relativeAttention ? RelativeIndex.of(config, in.seqLen()) : null;
        if (hiddenStates != null) hiddenStates.add(embeddingOutput);
        float[] h = embeddingOutput;
        long probsLong = (long) in.batch() * config.numAttentionHeads * in.seqLen() * in.seqLen();
        if (attentions != null && probsLong > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("attention probabilities of " + in.batch() + " x "
                    + config.numAttentionHeads + " heads x " + in.seqLen() + "^2 do not fit one float array; "
                    + "ask for them on a smaller batch or a shorter input");
        }
        int probsSize = (int) probsLong;
        int rows = in.batch() * in.seqLen();
        LayerBuffers buffers = new LayerBuffers(config, rows);
        // Layer outputs alternate between two buffers unless the caller keeps every layer's output.
        float[] first = hiddenStates == null ? new float[rows * config.hiddenSize] : null;
        float[] second = hiddenStates == null ? new float[rows * config.hiddenSize] : null;
        for (int i = 0; i < layers.length; i++) {
            float[] probs = attentions != null ? new float[probsSize] : null;
            float[] out = hiddenStates != null ? new float[rows * config.hiddenSize] : h == first ? second : first;
            layers[i].forward(h, in, rel, probs, buffers, out);
            h = out;
            if (i == 0 && conv != null) h = conv.forward(embeddingOutput, h, in);
            if (hiddenStates != null) hiddenStates.add(h);
            if (attentions != null) attentions.add(probs);
        }
        return h;
    }
}
