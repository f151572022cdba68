package dev.deberta4j.train;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.model.HeadMath;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.ModelInput;

/** DebertaV2ForQuestionAnswering: qa_outputs gives [start, end] logits per token (no dropout). */
final class TrainableQuestionAnsweringHead implements TrainableHead {
    private final TrainableLinear qaOutputs;

    private int rows;
    private float[] lastHidden;

    TrainableQuestionAnsweringHead(DebertaConfig c, ParameterSet p) {
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
        return HeadMath.logitsShape(HeadType.QUESTION_ANSWERING, in, 2);
    }

    @Override
    public float[] backward(float[] dLogits) {
        return qaOutputs.backward(lastHidden, dLogits, rows);
    }
}
