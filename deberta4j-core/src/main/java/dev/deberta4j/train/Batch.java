package dev.deberta4j.train;

import dev.deberta4j.model.ModelInput;

/** A padded batch of inputs with its labels. */
public record Batch(ModelInput input, Labels labels) {
}
