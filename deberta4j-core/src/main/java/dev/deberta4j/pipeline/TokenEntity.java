package dev.deberta4j.pipeline;

/**
 * A labelled token (strategy NONE) or entity group (the other strategies).
 *
 * @param label the token's label, or the group's entity type without its B-/I- prefix (transformers'
 *              {@code entity} / {@code entity_group})
 * @param score the token's probability, or the mean over the group
 * @param word  the token string (NONE), or the group's tokens decoded
 * @param start start in the original text, in Unicode code points (as Python indexes strings)
 * @param end   end (exclusive), in code points
 * @param index the token's index in the encoding (NONE), -1 for groups
 */
public record TokenEntity(String label, double score, String word, int start, int end, int index) {
    public boolean isGroup() {
        return index < 0;
    }
}
