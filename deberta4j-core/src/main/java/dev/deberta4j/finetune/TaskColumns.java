package dev.deberta4j.finetune;

/**
 * Which columns of a data file hold what.
 *
 * @param text  the text (for {@link TextTask#TOKEN}: whitespace-separated words, or a JSON array of words)
 * @param pair  the second text of a pair, or null
 * @param label the class, score or (token task) whitespace-separated / JSON-array tags, one per word
 */
public record TaskColumns(String text, String pair, String label) {
    public TaskColumns {
        if (text == null || label == null) throw new IllegalArgumentException("text and label columns are required");
    }
}
