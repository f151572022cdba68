package dev.deberta4j.cli;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.model.RelativeIndex;

/**
 * Floating-point operations of one training step, counted over the matrix products only (2·m·n·k each; layer
 * norms, softmax, activations, embeddings and AdamW left out): forward + backward ≈ 3 × forward, because the
 * backward pass computes two products (input and weight gradients) for each forward one. speed-train divides it
 * by the step time to compare the step with the GEMM kernel's own speed in the same run.
 */
final class StepFlops {
    private StepFlops() {
    }

    /** The sequence classifier's step: the encoder plus the pooler (the classifier's 2 columns left out). */
    static double classification(DebertaConfig c, int batch, int len) {
        return 3 * (c.numHiddenLayers * encoderLayer(c, batch, len) + dense(batch, c.hiddenSize, c.hiddenSize));
    }

    /**
     * The replaced-token-detection step: generator layers (+ one with the Enhanced Mask Decoder), its MLM head at
     * the {@code masked} positions only (transform and vocabulary projection), the discriminator's layers and its
     * RTD head at every position.
     */
    static double rtd(DebertaConfig discriminator, DebertaConfig generator, int batch, int len, int masked, boolean emd) {
        int rows = batch * len;
        double g = (generator.numHiddenLayers + (emd ? 1 : 0)) * encoderLayer(generator, batch, len)
                + dense(masked, generator.hiddenSize, generator.hiddenSize)
                + dense(masked, generator.hiddenSize, generator.vocabSize);
        double d = discriminator.numHiddenLayers * encoderLayer(discriminator, batch, len)
                + dense(rows, discriminator.hiddenSize, discriminator.hiddenSize)
                + dense(rows, discriminator.hiddenSize, 1);
        return 3 * (g + d);
    }

    /**
     * One DeBERTa layer's forward products: Q, K, V and the attention output, the two feed-forward projections,
     * QKᵀ and PV per head, and the disentangled terms (every query against the W relative rows for c2p, every key
     * for p2c, after projecting those rows).
     */
    static double encoderLayer(DebertaConfig c, int batch, int len) {
        int rows = batch * len;
        int h = c.hiddenSize;
        double flops = 4 * dense(rows, h, h) + 2 * dense(rows, h, c.intermediateSize)
                + 2 * 2.0 * rows * len * c.allHeadSize();
        if (c.relativeAttention) {
            int width = RelativeIndex.of(c, len).width();
            int terms = (c.c2p() ? 1 : 0) + (c.p2c() ? 1 : 0);
            flops += terms * (2.0 * rows * width * c.allHeadSize() + dense(width, h, c.allHeadSize()));
        }
        return flops;
    }

    private static double dense(int rows, int in, int out) {
        return 2.0 * rows * in * out;
    }
}
