package dev.deberta4j.model;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.tensor.Activations;
import dev.deberta4j.tensor.VectorOps;

/**
 * DebertaV2Layer: attention (self + output: dense, residual, LayerNorm), intermediate (dense, activation) and
 * output (dense, residual, LayerNorm).
 */
final class EncoderLayer {
    private final DisentangledSelfAttention attention;
    private final Linear attentionOutput;
    private final LayerNorm attentionLayerNorm;
    private final Linear intermediate;
    private final String activation;
    private final Linear output;
    private final LayerNorm outputLayerNorm;

    EncoderLayer(DebertaConfig c, WeightReader r, int index, float[] relEmbeddings) {
        String p = "encoder.layer." + index + ".";
        attention = new DisentangledSelfAttention(c, r, p + "attention.self.", relEmbeddings);
        attentionOutput = Linear.backbone(r, p + "attention.output.dense", c.hiddenSize, c.allHeadSize(), true);
        attentionLayerNorm = LayerNorm.backbone(r, p + "attention.output.LayerNorm", c.hiddenSize, c.layerNormEps);
        intermediate = Linear.backbone(r, p + "intermediate.dense", c.intermediateSize, c.hiddenSize, true);
        activation = c.hiddenAct;
        output = Linear.backbone(r, p + "output.dense", c.hiddenSize, c.intermediateSize, true);
        outputLayerNorm = LayerNorm.backbone(r, p + "output.LayerNorm", c.hiddenSize, c.layerNormEps);
    }

    float[] forward(float[] hidden, ModelInput in, RelativeIndex rel, float[] probsOut) {
        int rows = in.batch() * in.seqLen();
        float[] context = attention.forward(hidden, in, rel, probsOut);
        float[] attended = attentionOutput.forward(context, rows);
        VectorOps.add(hidden, 0, attended, 0, attended.length);
        attentionLayerNorm.forwardInPlace(attended, rows);
        float[] inter = intermediate.forward(attended, rows);
        Activations.apply(activation, inter, 0, inter.length);
        float[] out = output.forward(inter, rows);
        VectorOps.add(attended, 0, out, 0, out.length);
        outputLayerNorm.forwardInPlace(out, rows);
        return out;
    }
}
