package dev.deberta4j.pipeline;

/** A label from the config's {@code id2label} and its score. */
public record LabelScore(String label, double score) {
}
