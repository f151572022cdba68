package dev.deberta4j.pipeline;

import java.util.List;

/** The predictions for one mask token of an input, best first; {@code position} is its token index. */
public record MaskSlot(int position, List<MaskPrediction> predictions) {
}
