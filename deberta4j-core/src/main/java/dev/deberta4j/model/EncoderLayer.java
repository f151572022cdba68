package dev.deberta4j.model;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.kernels.Activation;
import dev.deberta4j.kernels.Activations;
import dev.deberta4j.kernels.VectorOps;

/**
 * DebertaV2Layer: attention (self + output: dense, residual, LayerNorm), intermediate (dense, activation) and
 * output (dense, residual, LayerNorm).
 */
final class EncoderLayer {
    private final DisentangledSelfAttention attention;
    private final Linear attentionOutput;
    private final LayerNorm attentionLayerNorm;
    private final Linear intermediate;
    private final Activation activation;
    private final Linear output;
    private final LayerNorm outputLayerNorm;

    EncoderLayer(DebertaConfig c, WeightReader r, int index, float[] relEmbeddings) {
        String p = "encoder.layer." + index + ".";
        attention = new DisentangledSelfAttention(c, r, p + "attention.self.", relEmbeddings);
        attentionOutput = Linear.backbone(r, p + "attention.output.dense", c.hiddenSize, c.allHeadSize(), true);
        attentionLayerNorm = LayerNorm.backbone(r, p + "attention.output.LayerNorm", c.hiddenSize, c.layerNormEps);
        intermediate = Linear.backbone(r, p + "intermediate.dense", c.intermediateSize, c.hiddenSize, true);
        activation = Activation.forName(c.hiddenAct);
        output = Linear.backbone(r, p + "output.dense", c.hiddenSize, c.intermediateSize, true);
        outputLayerNorm = LayerNorm.backbone(r, p + "output.LayerNorm", c.hiddenSize, c.layerNormEps);
    }

    /** Writes the layer's output for {@code hidden} [batch·L, hidden] to {@code out}, a buffer of the same size. */
    void forward(float[] hidden, ModelInput in, RelativeIndex rel, float[] probsOut, LayerBuffers buffers, float[] out) {
        int rows = in.batch() * in.seqLen();
        float[] context = attention.forward(hidden, in, rel, probsOut, buffers);
        float[] attended = buffers.attended;
        attentionOutput.forward(context, rows, attended);
        VectorOps.add(hidden, 0, attended, 0, attended.length);
        attentionLayerNorm.forwardInPlace(attended, rows);
        float[] inter = buffers.intermediate;
        intermediate.forward(attended, rows, inter);
        Activations.apply(activation, inter, 0, inter.length);
        output.forward(inter, rows, out);
        VectorOps.add(attended, 0, out, 0, out.length);
        outputLayerNorm.forwardInPlace(out, rows);
    }
}
