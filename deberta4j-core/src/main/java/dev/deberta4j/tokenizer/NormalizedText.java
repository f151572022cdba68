package dev.deberta4j.tokenizer;

import java.util.Arrays;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

/**
 * A piece of text under normalization that remembers, for every normalized code point, which code points of the
 * original input it came from. This is the code-point twin of Hugging Face's {@code NormalizedString}: all
 * alignment rules (including its quirks around inserted and removed characters) are reproduced so that token
 * offsets come out exactly as {@code tokenizers} reports them.
 *
 * <p>Offsets are absolute code-point indices into the original input (not relative to this slice).
 * Not thread-safe; one instance lives inside one encode call.
 */
final class NormalizedText {
    private int[] chars;
    private int[] alignStart;
    private int[] alignEnd;
    private int length;
    /** Original code-point index where this slice begins (what HF calls original_shift). */
    private final int originalShift;

    private NormalizedText(int[] chars, int[] alignStart, int[] alignEnd, int length, int originalShift) {
        this.chars = chars;
        this.alignStart = alignStart;
        this.alignEnd = alignEnd;
        this.length = length;
        this.originalShift = originalShift;
    }

    /** Wraps original code points; each aligned to itself. */
    static NormalizedText of(int[] codePoints) {
        int n = codePoints.length;
        int[] s = new int[n];
        int[] e = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = i;
            e[i] = i + 1;
        }
        return new NormalizedText(codePoints.clone(), s, e, n, 0);
    }

    int length() { return length; }

    boolean isEmpty() { return length == 0; }

    int charAt(int i) { return chars[i]; }

    int alignStart(int i) { return alignStart[i]; }

    int alignEnd(int i) { return alignEnd[i]; }

    int originalShift() { return originalShift; }

    /** The normalized code points (a copy). */
    int[] codePoints() { return Arrays.copyOf(chars, length); }

    /** Direct view of the code point buffer; valid indices are {@code [0, length())}. Do not modify. */
    int[] rawChars() { return chars; }

    @Override public String toString() { return new String(chars, 0, length); }

    /** Original offsets {@code [start, end)} covered by normalized chars {@code [from, to)}; from &lt; to. */
    int originalStart(int from) { return alignStart[from]; }

    int originalEnd(int toExclusive) { return alignEnd[toExclusive - 1]; }

    /**
     * The same text as a slice of its whole range (HF slices every split): the original shift becomes the original
     * start of the first char. Shares the buffers; the receiver must not be used afterwards.
     */
    NormalizedText rebased() {
        if (length == 0) return this;
        return new NormalizedText(chars, alignStart, alignEnd, length, alignStart[0]);
    }

    /**
     * Copies normalized chars {@code [from, to)} into a new slice (HF {@code NormalizedString::slice}).
     */
    NormalizedText slice(int from, int to) {
        int n = to - from;
        int shift = n > 0 || from < length ? alignStart[from] : (length > 0 ? alignEnd[length - 1] : originalShift);
        return new NormalizedText(Arrays.copyOfRange(chars, from, to), Arrays.copyOfRange(alignStart, from, to),
                Arrays.copyOfRange(alignEnd, from, to), n, shift);
    }

    /**
     * Replaces the whole content with {@code newChars}, HF {@code transform} semantics: {@code changes[k] == 0}
     * replaces the next original char, {@code > 0} inserts (taking the previous char's alignment),
     * {@code < 0} additionally removes that many following chars. {@code initialOffset} chars are removed first.
     */
    void transform(int[] newChars, int[] changes, int count, int initialOffset) {
        int[] ns = new int[count];
        int[] ne = new int[count];
        int consumed = initialOffset;
        for (int k = 0; k < count; k++) {
            int change = changes[k];
            int idx = consumed;
            if (change > 0) {
                if (idx < 1) {
                    ns[k] = originalShift;
                    ne[k] = originalShift;
                } else {
                    ns[k] = alignStart[idx - 1];
                    ne[k] = alignEnd[idx - 1];
                }
            } else {
                ns[k] = alignStart[idx];
                ne[k] = alignEnd[idx];
                consumed++;
                if (change < 0) {
                    consumed -= change;
                }
            }
        }
        chars = Arrays.copyOf(newChars, count);
        alignStart = ns;
        alignEnd = ne;
        length = count;
    }

    /** Keeps the chars matching {@code keep}; removed chars take no alignment with them. */
    void filter(IntPredicate keep) {
        int w = 0;
        for (int i = 0; i < length; i++) {
            if (keep.test(chars[i])) {
                chars[w] = chars[i];
                alignStart[w] = alignStart[i];
                alignEnd[w] = alignEnd[i];
                w++;
            }
        }
        length = w;
    }

    /** Maps every char one-to-one. */
    void map(IntUnaryOperator f) {
        for (int i = 0; i < length; i++) {
            chars[i] = f.applyAsInt(chars[i]);
        }
    }

    /** Removes leading/trailing chars that match {@code strip}, keeping alignments of the rest. */
    void strip(boolean left, boolean right, IntPredicate strip) {
        int from = 0;
        int to = length;
        if (left) {
            while (from < to && strip.test(chars[from])) from++;
        }
        if (right) {
            while (to > from && strip.test(chars[to - 1])) to--;
        }
        if (from == 0 && to == length) return;
        chars = Arrays.copyOfRange(chars, from, to);
        alignStart = Arrays.copyOfRange(alignStart, from, to);
        alignEnd = Arrays.copyOfRange(alignEnd, from, to);
        length = to - from;
    }

    /** Prepends {@code prefix}; every prepended char takes the alignment of the current first char. */
    void prepend(int[] prefix) {
        if (length == 0 || prefix.length == 0) return;
        int n = length + prefix.length;
        int[] c = new int[n];
        int[] s = new int[n];
        int[] e = new int[n];
        System.arraycopy(prefix, 0, c, 0, prefix.length);
        System.arraycopy(chars, 0, c, prefix.length, length);
        Arrays.fill(s, 0, prefix.length, alignStart[0]);
        Arrays.fill(e, 0, prefix.length, alignEnd[0]);
        System.arraycopy(alignStart, 0, s, prefix.length, length);
        System.arraycopy(alignEnd, 0, e, prefix.length, length);
        chars = c;
        alignStart = s;
        alignEnd = e;
        length = n;
    }

    /**
     * Replaces each match {@code [matchStarts[k], matchEnds[k])} by {@code content}; every inserted char takes
     * the alignment of the last matched char (HF {@code NormalizedString::replace}). An empty match inserts with
     * the alignment of the char before it.
     */
    void replaceMatches(int[] matchStarts, int[] matchEnds, int matchCount, int[] content) {
        if (matchCount == 0) return;
        IntBuffer c = new IntBuffer(length + matchCount * content.length);
        IntBuffer s = new IntBuffer(c.capacity());
        IntBuffer e = new IntBuffer(c.capacity());
        int last = 0;
        for (int m = 0; m < matchCount; m++) {
            int ms = matchStarts[m];
            int me = matchEnds[m];
            for (int i = last; i < ms; i++) {
                c.add(chars[i]);
                s.add(alignStart[i]);
                e.add(alignEnd[i]);
            }
            int as = me < 1 ? originalShift : alignStart[me - 1];
            int ae = me < 1 ? originalShift : alignEnd[me - 1];
            for (int ch : content) {
                c.add(ch);
                s.add(as);
                e.add(ae);
            }
            last = me;
        }
        for (int i = last; i < length; i++) {
            c.add(chars[i]);
            s.add(alignStart[i]);
            e.add(alignEnd[i]);
        }
        chars = c.toArray();
        alignStart = s.toArray();
        alignEnd = e.toArray();
        length = chars.length;
    }
}
