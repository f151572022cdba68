package dev.deberta4j.pipeline;

/**
 * An answer span in the context; the "no answer" is {@code (0, 0, "")}.
 *
 * @param score start probability times end probability (within the window the span was found in)
 * @param start start in the context, in Unicode code points (as Python indexes strings)
 * @param end   end (exclusive), in code points
 * @param text  the context between start and end
 */
public record Answer(double score, int start, int end, String text) {
    public boolean isNoAnswer() {
        return start == 0 && end == 0 && text.isEmpty();
    }
}
