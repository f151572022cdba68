package dev.deberta4j.train;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.model.ModelInput;

/** DebertaV2ForQuestionAnswering: qa_outputs gives [start, end] logits per token (no dropout). */
final class SpanPredictionHead implements TrainingHead {
    private final DenseLayer qaOutputs;

    private int rows;
    private float[] lastHidden;

    SpanPredictionHead(DebertaConfig c, ParameterSet p) {
        if (c.numLabels != 2) {
            throw new IllegalArgumentException("question answering needs num_labels = 2 (start, end), config has "
                    + c.numLabels);
        }
        qaOutputs = p.headDense("qa_outputs");
    }

    @Override
    public float[] forward(float[] hidden, ModelInput in, DropoutStream stream) {
        rows = in.batch() * in.seqLen();
        lastHidden = hidden;
        return qaOutputs.forward(hidden, rows);
    }

    /** [batch, L, 2]: start logit at [..., 0], end logit at [..., 1]. */
    @Override
    public int[] logitsShape(ModelInput in) {
        return new int[]{in.batch(), in.seqLen(), 2};
    }

    @Override
    public float[] backward(float[] dLogits) {
        return qaOutputs.backward(lastHidden, dLogits, rows);
    }
}
