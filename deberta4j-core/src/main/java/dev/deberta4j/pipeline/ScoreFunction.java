package dev.deberta4j.pipeline;

import dev.deberta4j.config.DebertaConfig;

/** What turns a classifier's logits into scores (transformers' {@code function_to_apply}). */
public enum ScoreFunction {
    SOFTMAX, SIGMOID, NONE;

    /**
     * The function transformers' text-classification pipeline picks: raw values for regression, sigmoid for
     * multi-label problems and single-logit heads, softmax otherwise.
     */
    public static ScoreFunction forConfig(DebertaConfig config) {
        if ("regression".equals(config.problemType)) return NONE;
        if ("multi_label_classification".equals(config.problemType) || config.numLabels == 1) return SIGMOID;
        return SOFTMAX;
    }

    /** softmax, sigmoid or none, any case. */
    public static ScoreFunction parse(String name) {
        for (ScoreFunction f : values()) {
            if (f.name().equalsIgnoreCase(name)) return f;
        }
        throw new IllegalArgumentException("unknown score function '" + name + "' (expected softmax, sigmoid or none)");
    }

    double[] apply(float[] logits) {
        return switch (this) {
            case SOFTMAX -> Probabilities.softmax(logits);
            case SIGMOID -> Probabilities.sigmoid(logits);
            case NONE -> {
                double[] d = new double[logits.length];
                for (int i = 0; i < d.length; i++) d[i] = logits[i];
                yield d;
            }
        };
    }
}
