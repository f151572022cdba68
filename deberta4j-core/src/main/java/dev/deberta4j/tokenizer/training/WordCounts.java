package dev.deberta4j.tokenizer.training;

import java.util.Arrays;
import java.util.Map;

/**
 * The distinct words of a corpus with their counts, in a canonical order (count descending, then the word's UTF-16
 * order) so that everything trained from them is independent of how the counting was split across threads. The
 * code points of all words live in one flat array.
 */
public final class WordCounts {
    private final int[] chars;
    private final int[] starts;
    private final long[] counts;

    private WordCounts(int[] chars, int[] starts, long[] counts) {
        this.chars = chars;
        this.starts = starts;
        this.counts = counts;
    }

    /** From a word → count map (any order). */
    public static WordCounts of(Map<String, Long> counted) {
        @SuppressWarnings("unchecked")
        Map.Entry<String, Long>[] entries = counted.entrySet().toArray(new Map.Entry[0]);
        Arrays.sort(entries, (a, b) -> {
            int c = Long.compare(b.getValue(), a.getValue());
            return c != 0 ? c : a.getKey().compareTo(b.getKey());
        });
        long total = 0;
        for (Map.Entry<String, Long> e : entries) total += e.getKey().codePointCount(0, e.getKey().length());
        if (total > Integer.MAX_VALUE - 8) throw new IllegalStateException("too many distinct word chars: " + total);
        int[] chars = new int[(int) total];
        int[] starts = new int[entries.length + 1];
        long[] counts = new long[entries.length];
        int at = 0;
        for (int i = 0; i < entries.length; i++) {
            starts[i] = at;
            String w = entries[i].getKey();
            for (int k = 0; k < w.length(); ) {
                int c = w.codePointAt(k);
                chars[at++] = c;
                k += Character.charCount(c);
            }
            counts[i] = entries[i].getValue();
        }
        starts[entries.length] = at;
        return new WordCounts(chars, starts, counts);
    }

    public int size() { return counts.length; }

    public long count(int word) { return counts[word]; }

    /** Offset of the word's first code point in {@link #chars()}. */
    public int start(int word) { return starts[word]; }

    public int end(int word) { return starts[word + 1]; }

    public int length(int word) { return starts[word + 1] - starts[word]; }

    /** The flat code point array (not a copy: read only). */
    int[] chars() { return chars; }

    public String word(int word) { return new String(chars, starts[word], length(word)); }

    /** Sum of all counts (running words). */
    public long totalCount() {
        long t = 0;
        for (long c : counts) t += c;
        return t;
    }
}
