package dev.deberta4j.train;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.kernels.Activation;
import dev.deberta4j.kernels.Activations;
import dev.deberta4j.kernels.Gemm;
import dev.deberta4j.kernels.Gemm.Operand;
import dev.deberta4j.model.ConvTaps;
import dev.deberta4j.model.ModelInput;

/**
 * DeBERTa-V2's ConvLayer for training: out = LayerNorm(residual + act(dropout(conv1d(x) zeroed at pads))) · mask.
 * The convolution runs as one matrix product per kernel tap ({@link ConvTaps}, shared with inference); each tap's
 * dense [out, in] matrix is rebuilt from conv.weight every pass, because the weight is being trained.
 */
final class TrainableConvLayer {
    private final int hidden;
    private final int kernel;
    private final int groups;
    private final Parameter weight;
    private final Parameter bias;
    private final Activation activation;
    private final TrainableLayerNorm layerNorm;
    private final double dropout;
    private final int site;

    private ModelInput input;
    private float[] embedded;
    private float[][] tapWeights;
    private float[] preActivation;
    private float[] dropoutMask;
    private TrainableLayerNorm.Normalized normalized;

    TrainableConvLayer(DebertaConfig c, ParameterSet p, int site) {
        hidden = c.hiddenSize;
        kernel = c.convKernelSize;
        groups = c.convGroups;
        weight = p.backbone("encoder.conv.conv.weight");
        bias = p.backbone("encoder.conv.conv.bias");
        activation = Activation.forName(c.convAct);
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
        float[] tap = new float[rows * hidden];
        for (int u = 0; u < kernel; u++) {
            tapWeights[u] = ConvTaps.dense(weight.data(), hidden, groups, kernel, u);
            float[] shifted = shift(embeddedIn, ConvTaps.offset(u, kernel));
            Gemm.matmulParallel(rows, hidden, hidden, new Operand(shifted, 0, hidden),
                    Operand.transposeOf(tapWeights[u], 0, hidden), new Operand(tap, 0, hidden), false);
            TrainableEncoderLayer.addInto(tap, conv);   // tap by tap onto the bias, as inference sums them
        }
        in.zeroPaddedRows(conv, hidden);
        dropoutMask = Dropout.drop(dropout, conv, stream, site);
        preActivation = conv;
        float[] sum = conv.clone();
        Activations.apply(activation, sum, 0, sum.length);
        TrainableEncoderLayer.addInto(residual, sum);
        normalized = layerNorm.forward(sum, rows);
        float[] out = normalized.y().clone();
        in.zeroPaddedRows(out, hidden);
        return out;
    }

    /**
     * @param dEmbedded receives (+=) the gradient of the convolution's input
     * @return the gradient of the residual input (layer 0's output)
     */
    float[] backward(float[] dOut, float[] dEmbedded) {
        int rows = input.batch() * input.seqLen();
        float[] d = dOut.clone();
        input.zeroPaddedRows(d, hidden);
        float[] dSum = layerNorm.backward(normalized, d);
        float[] dConv = dSum.clone();
        Activations.backward(activation, preActivation, 0, dConv, 0, dConv.length);
        Dropout.apply(dropoutMask, dConv);
        input.zeroPaddedRows(dConv, hidden);
        float[] gb = bias.grad();
        for (int row = 0; row < rows; row++) {
            for (int o = 0; o < hidden; o++) gb[o] += dConv[row * hidden + o];
        }
        float[] dTap = new float[hidden * hidden];
        float[] dShifted = new float[rows * hidden];
        for (int u = 0; u < kernel; u++) {
            int offset = ConvTaps.offset(u, kernel);
            float[] shifted = shift(embedded, offset);
            Gemm.matmulParallel(hidden, hidden, rows, Operand.transposeOf(dConv, 0, hidden),
                    new Operand(shifted, 0, hidden), new Operand(dTap, 0, hidden), false);
            ConvTaps.accumulateDense(dTap, hidden, groups, kernel, u, weight.grad());
            Gemm.matmulParallel(rows, hidden, hidden, new Operand(dConv, 0, hidden),
                    new Operand(tapWeights[u], 0, hidden), new Operand(dShifted, 0, hidden), false);
            TrainableEncoderLayer.addInto(shift(dShifted, -offset), dEmbedded);   // the adjoint of a shift
        }
        return dSum;
    }

    private float[] shift(float[] x, int offset) {
        float[] out = new float[x.length];
        ConvTaps.shift(x, input.batch(), input.seqLen(), hidden, offset, out);
        return out;
    }
}
