package dev.deberta4j.pipeline;

import java.util.Locale;

/** How token predictions become entities (transformers' {@code aggregation_strategy}). */
public enum AggregationStrategy {
    /** Every token on its own, with its best label. */
    NONE,
    /** Consecutive tokens with the same entity type (B-/I- tags) merge; subwords may end up in different groups. */
    SIMPLE,
    /** Words take the label of their first token, then merge like SIMPLE. */
    FIRST,
    /** Words take the label of their tokens' averaged scores, then merge like SIMPLE. */
    AVERAGE,
    /** Words take the label of their most confident token, then merge like SIMPLE. */
    MAX;

    public static AggregationStrategy parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown aggregation strategy '" + name
                    + "' (expected none, simple, first, average or max)");
        }
    }

    boolean wordLevel() {
        return this == FIRST || this == AVERAGE || this == MAX;
    }
}
