package dev.deberta4j.train;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.model.ModelInput;
import dev.deberta4j.tensor.Activations;
import dev.deberta4j.tensor.Gemm;

/**
 * DeBERTa-V2's ConvLayer for training: out = LayerNorm(residual + act(dropout(conv1d(x) zeroed at pads))) · mask.
 * The convolution runs as one matrix product per kernel tap u on the input shifted by u − (k−1)/2; each tap's
 * dense [out, in] matrix is rebuilt from conv.weight [hidden, hidden/groups, k] every pass (zero outside its group).
 */
final class ConvolutionLayer {
    private final int hidden;
    private final int kernel;
    private final int groups;
    private final Parameter weight;
    private final Parameter bias;
    private final String activation;
    private final LayerNormLayer layerNorm;
    private final double dropout;
    private final int site;

    private ModelInput input;
    private float[] embedded;
    private float[][] tapWeights;
    private float[] preActivation;
    private float[] dropoutMask;
    private LayerNormLayer.Normalized normalized;

    ConvolutionLayer(DebertaConfig c, ParameterSet p, int site) {
        hidden = c.hiddenSize;
        kernel = c.convKernelSize;
        groups = c.convGroups;
        weight = p.backbone("encoder.conv.conv.weight");
        bias = p.backbone("encoder.conv.conv.bias");
        activation = c.convAct;
        layerNorm = p.backboneLayerNorm("encoder.conv.LayerNorm", c.layerNormEps);
        dropout = c.hiddenDropoutProb;
        this.site = site;
    }

    /** @return LayerNorm(residual + act(dropout(conv(embedded)))) · mask */
    float[] forward(float[] embeddedIn, float[] residual, ModelInput in, DropoutStream stream) {
        input = in;
        embedded = embeddedIn;
        int rows = in.batch() * in.seqLen();
        tapWeights = new float[kernel][];
        float[] conv = new float[rows * hidden];
        for (int row = 0; row < rows; row++) System.arraycopy(bias.data(), 0, conv, row * hidden, hidden);
        for (int u = 0; u < kernel; u++) {
            tapWeights[u] = denseTap(u);
            float[] shifted = shift(embeddedIn, u - (kernel - 1) / 2, false);
            Gemm.matmulParallel(false, true, rows, hidden, hidden, shifted, 0, hidden, tapWeights[u], 0, hidden,
                    conv, 0, hidden, true);
        }
        EmbeddingLayer.zeroPaddedRows(conv, in.attentionMask(), hidden);
        dropoutMask = Dropout.mask(dropout, conv.length, stream, site);
        Dropout.apply(dropoutMask, conv);
        preActivation = conv;
        float[] sum = conv.clone();
        Activations.apply(activation, sum, 0, sum.length);
        TransformerLayer.addInto(residual, sum);
        normalized = layerNorm.forward(sum, rows);
        float[] out = normalized.y().clone();
        EmbeddingLayer.zeroPaddedRows(out, in.attentionMask(), hidden);
        return out;
    }

    /**
     * @param dEmbedded receives (+=) the gradient of the convolution's input
     * @return the gradient of the residual input (layer 0's output)
     */
    float[] backward(float[] dOut, float[] dEmbedded) {
        int rows = input.batch() * input.seqLen();
        float[] d = dOut.clone();
        EmbeddingLayer.zeroPaddedRows(d, input.attentionMask(), hidden);
        float[] dSum = layerNorm.backward(normalized, d);
        float[] dConv = dSum.clone();
        Activations.backward(activation, preActivation, 0, dConv, 0, dConv.length);
        Dropout.apply(dropoutMask, dConv);
        EmbeddingLayer.zeroPaddedRows(dConv, input.attentionMask(), hidden);
        float[] gb = bias.grad();
        for (int row = 0; row < rows; row++) {
            for (int o = 0; o < hidden; o++) gb[o] += dConv[row * hidden + o];
        }
        float[] dTap = new float[hidden * hidden];
        float[] dShifted = new float[rows * hidden];
        for (int u = 0; u < kernel; u++) {
            int offset = u - (kernel - 1) / 2;
            float[] shifted = shift(embedded, offset, false);
            Gemm.matmulParallel(true, false, hidden, hidden, rows, dConv, 0, hidden, shifted, 0, hidden,
                    dTap, 0, hidden, false);
            accumulateTapGradient(u, dTap);
            Gemm.matmulParallel(false, false, rows, hidden, hidden, dConv, 0, hidden, tapWeights[u], 0, hidden,
                    dShifted, 0, hidden, false);
            TransformerLayer.addInto(shift(dShifted, offset, true), dEmbedded);
        }
        return dSum;
    }

    /** Row t of the result is row t + offset of x (zero outside the sequence); back = true shifts the other way. */
    private float[] shift(float[] x, int offset, boolean back) {
        int len = input.seqLen();
        float[] out = new float[x.length];
        for (int b = 0; b < input.batch(); b++) {
            for (int t = 0; t < len; t++) {
                int src = back ? t - offset : t + offset;
                if (src >= 0 && src < len) {
                    System.arraycopy(x, (b * len + src) * hidden, out, (b * len + t) * hidden, hidden);
                }
            }
        }
        return out;
    }

    private float[] denseTap(int u) {
        int perGroup = hidden / groups;
        float[] w = weight.data();
        float[] dense = new float[hidden * hidden];
        for (int o = 0; o < hidden; o++) {
            int g = o / perGroup;
            for (int ci = 0; ci < perGroup; ci++) {
                dense[o * hidden + g * perGroup + ci] = w[(o * perGroup + ci) * kernel + u];
            }
        }
        return dense;
    }

    private void accumulateTapGradient(int u, float[] dTap) {
        int perGroup = hidden / groups;
        float[] gw = weight.grad();
        for (int o = 0; o < hidden; o++) {
            int g = o / perGroup;
            for (int ci = 0; ci < perGroup; ci++) {
                gw[(o * perGroup + ci) * kernel + u] += dTap[o * hidden + g * perGroup + ci];
            }
        }
    }
}
