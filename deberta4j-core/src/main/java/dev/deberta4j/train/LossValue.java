package dev.deberta4j.train;

/**
 * A loss and its gradient with respect to the logits.
 *
 * @param loss     the (mean) loss, as torch reports it
 * @param gradient d(loss)/d(logits), same layout as the logits
 */
public record LossValue(double loss, float[] gradient) {
}
