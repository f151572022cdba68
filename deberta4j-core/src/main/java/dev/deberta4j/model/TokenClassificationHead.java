package dev.deberta4j.model;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.tensor.Tensor;

/** DebertaV2ForTokenClassification: a classifier on every token's hidden state. */
final class TokenClassificationHead implements Head {
    private final Linear classifier;

    TokenClassificationHead(DebertaConfig c, WeightReader r) {
        classifier = Linear.head(r, "classifier", c.numLabels, c.hiddenSize);
    }

    @Override
    public Output forward(float[] lastHidden, ModelInput in) {
        int rows = in.batch() * in.seqLen();
        return Output.logits(new Tensor(classifier.forward(lastHidden, rows),
                HeadMath.logitsShape(HeadType.TOKEN_CLASSIFICATION, in, classifier.out)));
    }
}
