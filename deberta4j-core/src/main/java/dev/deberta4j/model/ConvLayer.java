package dev.deberta4j.model;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.kernels.Activation;
import dev.deberta4j.kernels.Activations;

/**
 * DeBERTa-V2's optional convolution after the first layer (conv_kernel_size > 0, e.g. mDeBERTa, v2-xlarge):
 * out = act(conv1d(embedding output, padding (k-1)/2), zeroed at pads); LayerNorm(layer-0 output + out) * mask.
 * The convolution runs as k shifted matrix products (one per kernel tap, {@link ConvTaps}), built at load.
 */
final class ConvLayer {
    private final int hidden;
    private final int kernel;
    private final int groups;
    private final Linear[] taps;       // taps[u]: [out, in/groups-expanded] weights of kernel position u
    private final float[] bias;
    private final Activation activation;
    private final LayerNorm layerNorm;

    ConvLayer(DebertaConfig c, WeightReader r) {
        hidden = c.hiddenSize;
        kernel = c.convKernelSize;
        groups = c.convGroups;
        float[] w = r.backbone("encoder.conv.conv.weight", hidden, hidden / groups, kernel);
        bias = r.backbone("encoder.conv.conv.bias", hidden);
        taps = new Linear[kernel];
        for (int u = 0; u < kernel; u++) {
            taps[u] = new Linear(ConvTaps.dense(w, hidden, groups, kernel, u), null, hidden, hidden);
        }
        activation = Activation.forName(c.convAct);
        layerNorm = LayerNorm.backbone(r, "encoder.conv.LayerNorm", hidden, c.layerNormEps);
    }

    /** @return LayerNorm(residual + act(conv(embeddingOutput))) * mask, as [batch·L, hidden]. */
    float[] forward(float[] embeddingOutput, float[] residual, ModelInput in) {
        int batch = in.batch();
        int len = in.seqLen();
        int rows = batch * len;
        float[] out = new float[rows * hidden];
        for (int row = 0; row < rows; row++) System.arraycopy(bias, 0, out, row * hidden, hidden);
        float[] shifted = new float[rows * hidden];
        for (int u = 0; u < kernel; u++) {
            ConvTaps.shift(embeddingOutput, batch, len, hidden, ConvTaps.offset(u, kernel), shifted);
            float[] tap = taps[u].forward(shifted, rows);
            for (int i = 0; i < out.length; i++) out[i] += tap[i];
        }
        in.zeroPaddedRows(out, hidden);
        Activations.apply(activation, out, 0, out.length);
        for (int i = 0; i < out.length; i++) out[i] += residual[i];
        layerNorm.forwardInPlace(out, rows);
        in.zeroPaddedRows(out, hidden);
        return out;
    }
}
