package dev.deberta4j.train;

import dev.deberta4j.model.ModelInput;

/** A task head for training: logits from the encoder output, and the gradient back to it. */
sealed interface TrainableHead permits TrainableSequenceClassificationHead, TrainableTokenClassificationHead, TrainableMaskedLmHead,
        TrainableReplacedTokenDetectionHead,
        TrainableQuestionAnsweringHead {

    /** @return the logits, row-major in {@link #logitsShape} */
    float[] forward(float[] lastHidden, ModelInput in, DropoutStream stream);

    int[] logitsShape(ModelInput in);

    /** Accumulates the head's gradients and returns the gradient of the encoder output [batch·L, hidden]. */
    float[] backward(float[] dLogits);
}
