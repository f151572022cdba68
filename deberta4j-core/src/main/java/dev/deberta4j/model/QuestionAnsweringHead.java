package dev.deberta4j.model;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.tensor.Tensor;

/** DebertaV2ForQuestionAnswering: qa_outputs gives a start and an end logit per token. */
final class QuestionAnsweringHead implements Head {
    private final Linear qaOutputs;

    QuestionAnsweringHead(DebertaConfig c, WeightReader r) {
        if (c.numLabels != 2) {
            throw new ModelLoadException("question answering needs num_labels = 2 (start, end), config has "
                    + c.numLabels);
        }
        qaOutputs = Linear.head(r, "qa_outputs", 2, c.hiddenSize);
    }

    @Override
    public Output forward(float[] lastHidden, ModelInput in) {
        int rows = in.batch() * in.seqLen();
        float[] both = qaOutputs.forward(lastHidden, rows);
        float[] start = new float[rows];
        float[] end = new float[rows];
        for (int i = 0; i < rows; i++) {
            start[i] = both[2 * i];
            end[i] = both[2 * i + 1];
        }
        int[] shape = {in.batch(), in.seqLen()};
        return new Output(null, new Tensor(start, shape), new Tensor(end, shape.clone()));
    }
}
