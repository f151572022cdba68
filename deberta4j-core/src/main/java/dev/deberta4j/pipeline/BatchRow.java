package dev.deberta4j.pipeline;

import dev.deberta4j.model.ModelOutput;
import dev.deberta4j.tensor.Tensor;
import dev.deberta4j.tokenizer.Encoding;

import java.util.Arrays;

/** One input's slice of a padded micro-batch's outputs, plus the encoding it came from. */
record BatchRow(ModelOutput output, int row, Encoding encoding) {

    /** Sequence-level logits [labels]. */
    float[] sequenceLogits() {
        return rowOf(output.logits());
    }

    /** Logits of token {@code t} [labels or vocab] (token classification, masked LM). */
    float[] tokenLogits(int t) {
        return vectorAt(output.logits(), t);
    }

    /** Last hidden state of token {@code t} [hidden]. */
    float[] hiddenState(int t) {
        return vectorAt(output.lastHiddenState(), t);
    }

    /** Start logits of the real (unpadded) tokens. */
    float[] startLogits() {
        return Arrays.copyOf(rowOf(output.startLogits()), encoding.length());
    }

    /** End logits of the real (unpadded) tokens. */
    float[] endLogits() {
        return Arrays.copyOf(rowOf(output.endLogits()), encoding.length());
    }

    private float[] rowOf(Tensor t) {
        int width = t.size() / t.dim(0);
        return Arrays.copyOfRange(t.data(), row * width, (row + 1) * width);
    }

    private float[] vectorAt(Tensor t, int token) {
        int len = t.dim(1);
        int width = t.dim(2);
        int from = (row * len + token) * width;
        return Arrays.copyOfRange(t.data(), from, from + width);
    }
}
