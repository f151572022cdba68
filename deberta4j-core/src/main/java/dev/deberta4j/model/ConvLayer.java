package dev.deberta4j.model;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.tensor.Activations;

/**
 * DeBERTa-V2's optional convolution after the first layer (conv_kernel_size > 0, e.g. mDeBERTa, v2-xlarge):
 * out = act(conv1d(embedding output, padding (k-1)/2), zeroed at pads); LayerNorm(layer-0 output + out) * mask.
 * The convolution runs as k shifted matrix products (one per kernel tap).
 */
final class ConvLayer {
    private final int hidden;
    private final int kernel;
    private final int groups;
    private final Linear[] taps;       // taps[u]: [out, in/groups-expanded] weights of kernel position u
    private final float[] bias;
    private final String activation;
    private final LayerNorm layerNorm;

    ConvLayer(DebertaConfig c, WeightReader r) {
        hidden = c.hiddenSize;
        kernel = c.convKernelSize;
        groups = c.convGroups;
        int perGroup = hidden / groups;
        float[] w = r.backbone("encoder.conv.conv.weight", hidden, perGroup, kernel);
        bias = r.backbone("encoder.conv.conv.bias", hidden);
        taps = new Linear[kernel];
        for (int u = 0; u < kernel; u++) {
            // Dense [out, in] matrix of tap u; grouped convolutions are zero outside their block.
            float[] dense = new float[hidden * hidden];
            for (int o = 0; o < hidden; o++) {
                int g = o / (hidden / groups);
                for (int ci = 0; ci < perGroup; ci++) {
                    dense[o * hidden + g * perGroup + ci] = w[(o * perGroup + ci) * kernel + u];
                }
            }
            taps[u] = new Linear(dense, null, hidden, hidden);
        }
        activation = c.convAct;
        layerNorm = LayerNorm.backbone(r, "encoder.conv.LayerNorm", hidden, c.layerNormEps);
    }

    /** @return LayerNorm(residual + act(conv(embeddingOutput))) * mask, as [batch·L, hidden]. */
    float[] forward(float[] embeddingOutput, float[] residual, ModelInput in) {
        int batch = in.batch();
        int len = in.seqLen();
        int rows = batch * len;
        int pad = (kernel - 1) / 2;
        float[] out = new float[rows * hidden];
        for (int row = 0; row < rows; row++) System.arraycopy(bias, 0, out, row * hidden, hidden);
        float[] shifted = new float[rows * hidden];
        for (int u = 0; u < kernel; u++) {
            int shift = u - pad;   // output t reads input t + shift
            java.util.Arrays.fill(shifted, 0f);
            for (int b = 0; b < batch; b++) {
                for (int t = 0; t < len; t++) {
                    int src = t + shift;
                    if (src >= 0 && src < len) {
                        System.arraycopy(embeddingOutput, (b * len + src) * hidden, shifted, (b * len + t) * hidden, hidden);
                    }
                }
            }
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
