package dev.deberta4j.tokenizer.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The seed vocabulary of Unigram training, as SentencePiece makes it: every kept char, plus the
 * {@code seedSize} substrings with the highest frequency × length among those that occur at least
 * {@code minFrequency} (&ge; 2) times, are right-branching (not always followed by the same char: SentencePiece's
 * suffix-array internal nodes) and are valid pieces (at most {@code maxLength} chars, ▁ only first, one Unicode
 * script, digits apart). SentencePiece finds them with a suffix array over the text; here the substrings of the
 * distinct words are counted level by level (length k from those of length k - 1 that reached the threshold,
 * the Apriori bound), weighted by word count, which gives the same frequencies. Scores are log(value / total).
 */
final class SeedPieces {
    static final int META = '\u2581';

    /** Seed pieces with their log-probability scores: the chars first (by frequency), then the substrings. */
    record Seeds(List<String> pieces, double[] scores, List<String> requiredChars, long[] requiredCounts) {}

    private record Candidate(long score, int ref, int length) {}

    private SeedPieces() {}

    /**
     * @param keptChars sorted code points allowed in pieces (the alphabet); others never enter a piece
     */
    static Seeds make(WordCounts words, int[] keptChars, long[] keptCounts, int maxLength, long minFrequency,
                      int seedSize, TrainingProgress progress) {
        int[] chars = words.chars();
        byte[] valid = validLengths(words, keptChars, maxLength);
        long threshold = Math.max(2, minFrequency);

        // alive[i] = the longest length whose substring at i reached the threshold so far.
        byte[] alive = new byte[chars.length];
        for (int i = 0; i < chars.length; i++) alive[i] = (byte) (valid[i] >= 1 ? 1 : 0);
        Comparator<Candidate> worstFirst = (a, b) -> {
            int c = Long.compare(a.score, b.score);
            return c != 0 ? c : -compare(chars, a, b);
        };
        PriorityQueue<Candidate> best = new PriorityQueue<>(worstFirst);
        progress.phase("seed substrings", maxLength, " lengths");
        SubstringTable previous = null;
        for (int k = 2; k <= maxLength; k++) {
            SubstringTable current = new SubstringTable(chars, k, previous == null ? 1 << 16 : previous.size());
            boolean any = false;
            for (int w = 0; w < words.size(); w++) {
                int end = words.end(w);
                for (int s = words.start(w); s + k <= end; s++) {
                    if (valid[s] >= k && alive[s] >= k - 1 && alive[s + 1] >= k - 1) {
                        current.add(s, words.count(w));
                        any = true;
                    }
                }
            }
            long min = threshold;
            if (best.size() == seedSize) min = Math.max(min, (best.peek().score + maxLength - 1) / maxLength);
            current = current.keepAtLeast(min);
            // Mark the survivors; every occurrence of a survivor is alive at length k.
            if (any) {
                for (int w = 0; w < words.size(); w++) {
                    int end = words.end(w);
                    for (int s = words.start(w); s + k <= end; s++) {
                        if (alive[s] == k - 1 && valid[s] >= k && current.find(s) >= 0) alive[s] = (byte) k;
                    }
                }
            }
            if (previous != null) offer(previous, current, chars, seedSize, best);
            previous = current;
            progress.advance(k);
            if (current.size() == 0) break;
        }
        if (previous != null) offer(previous, null, chars, seedSize, best);

        List<Candidate> chosen = new ArrayList<>(best);
        chosen.sort((a, b) -> {
            int c = Long.compare(b.score, a.score);
            return c != 0 ? c : compare(chars, a, b);
        });
        // The chars, most frequent first (ties by code point), as SentencePiece's Sorted(all_chars).
        Integer[] order = new Integer[keptChars.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> {
            int c = Long.compare(keptCounts[b], keptCounts[a]);
            return c != 0 ? c : Integer.compare(keptChars[a], keptChars[b]);
        });
        List<String> pieces = new ArrayList<>(order.length + chosen.size());
        double[] values = new double[order.length + chosen.size()];
        List<String> required = new ArrayList<>(order.length);
        long[] requiredCounts = new long[order.length];
        for (int i = 0; i < order.length; i++) {
            String c = new String(Character.toChars(keptChars[order[i]]));
            values[pieces.size()] = keptCounts[order[i]];
            pieces.add(c);
            required.add(c);
            requiredCounts[i] = keptCounts[order[i]];
        }
        for (Candidate c : chosen) {
            values[pieces.size()] = c.score;
            pieces.add(new String(chars, c.ref, c.length));
        }
        double sum = 0;
        for (double v : values) sum += v;
        double logSum = Math.log(sum);
        for (int i = 0; i < values.length; i++) values[i] = Math.log(values[i]) - logSum;
        return new Seeds(List.copyOf(pieces), values, List.copyOf(required), requiredCounts);
    }

    /** Offers the right-branching entries of {@code table} (length k) given the next level's counts. */
    private static void offer(SubstringTable table, SubstringTable next, int[] chars, int seedSize,
                              PriorityQueue<Candidate> best) {
        boolean[] extended = new boolean[table.capacity()];
        if (next != null) {
            for (int slot = 0; slot < next.capacity(); slot++) {
                int ref = next.ref(slot);
                if (ref < 0) continue;
                int prefix = table.find(ref);
                if (prefix >= 0 && table.countAt(prefix) == next.countAt(slot)) extended[prefix] = true;
            }
        }
        int k = table.length();
        for (int slot = 0; slot < table.capacity(); slot++) {
            if (table.ref(slot) < 0 || extended[slot]) continue;
            Candidate c = new Candidate(table.countAt(slot) * k, table.ref(slot), k);
            if (best.size() < seedSize) {
                best.add(c);
            } else if (best.comparator().compare(c, best.peek()) > 0) {
                best.poll();
                best.add(c);
            }
        }
    }

    private static int compare(int[] chars, Candidate a, Candidate b) {
        return Arrays.compare(chars, a.ref, a.ref + a.length, chars, b.ref, b.ref + b.length);
    }

    /**
     * For each position, the longest valid piece starting there (SentencePiece's IsValidSentencePiece with
     * split_by_whitespace, split_by_unicode_script and split_by_number on): ▁ only as the first char, no char
     * outside the alphabet, one script (Hiragana/Katakana count as Han, combining marks take the script before
     * them, digits and punctuation are the Common script).
     */
    static byte[] validLengths(WordCounts words, int[] keptChars, int maxLength) {
        int[] chars = words.chars();
        byte[] out = new byte[chars.length];
        for (int w = 0; w < words.size(); w++) {
            int end = words.end(w);
            for (int s = words.start(w); s < end; s++) {
                Character.UnicodeScript prev = null;
                int len = 0;
                for (int i = s; i < end && len < maxLength; i++) {
                    int c = chars[i];
                    if (Arrays.binarySearch(keptChars, c) < 0) break;
                    if (c == META) {
                        if (i > s) break;
                    } else {
                        Character.UnicodeScript script = script(c, prev);
                        if (prev != null && script != null && script != prev) break;
                        prev = script;
                    }
                    len++;
                }
                out[s] = (byte) len;
            }
        }
        return out;
    }

    private static Character.UnicodeScript script(int c, Character.UnicodeScript prev) {
        Character.UnicodeScript s = Character.UnicodeScript.of(c);
        if (s == Character.UnicodeScript.HIRAGANA || s == Character.UnicodeScript.KATAKANA || c == 0x30FC) {
            return Character.UnicodeScript.HAN;
        }
        if (s == Character.UnicodeScript.INHERITED) return prev;
        return s;
    }
}
