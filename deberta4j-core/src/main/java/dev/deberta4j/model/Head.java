package dev.deberta4j.model;

import dev.deberta4j.tensor.Tensor;

/** A task head on top of the encoder's last hidden state. */
sealed interface Head permits SequenceClassificationHead, TokenClassificationHead, QuestionAnsweringHead,
        MaskedLmHead, ReplacedTokenDetectionHead {

    /** @param lastHidden [batch·L, hidden] */
    Output forward(float[] lastHidden, ModelInput in);

    record Output(Tensor logits, Tensor startLogits, Tensor endLogits) {
        static Output logits(Tensor t) {
            return new Output(t, null, null);
        }
    }
}
