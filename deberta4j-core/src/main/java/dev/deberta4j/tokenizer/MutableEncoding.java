package dev.deberta4j.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An encoding under construction (HF {@code Encoding}): parallel per-token arrays plus overflowing windows.
 * Merging, truncation and padding follow the Rust library step for step, including how overflowing windows of a
 * pair are combined.
 */
final class MutableEncoding {
    int[] ids;
    int[] typeIds;
    String[] tokens;
    int[] starts;
    int[] ends;
    int[] wordIds;
    int[] specialMask;
    int[] attentionMask;
    int length;
    List<MutableEncoding> overflowing = new ArrayList<>();

    MutableEncoding(int capacity) {
        ids = new int[capacity];
        typeIds = new int[capacity];
        tokens = new String[capacity];
        starts = new int[capacity];
        ends = new int[capacity];
        wordIds = new int[capacity];
        specialMask = new int[capacity];
        attentionMask = new int[capacity];
    }

    static MutableEncoding empty() { return new MutableEncoding(0); }

    /** Special tokens as a post-processor inserts them: offsets (0,0), no word, special, attended. */
    static MutableEncoding specials(int[] ids, String[] tokens, int typeId) {
        MutableEncoding e = new MutableEncoding(ids.length);
        for (int i = 0; i < ids.length; i++) e.add(ids[i], tokens[i], 0, 0, -1, typeId, 1, 1);
        return e;
    }

    void add(int id, String token, int start, int end, int wordId, int typeId, int special, int attention) {
        if (length == ids.length) grow(Math.max(8, length * 2));
        ids[length] = id;
        tokens[length] = token;
        starts[length] = start;
        ends[length] = end;
        wordIds[length] = wordId;
        typeIds[length] = typeId;
        specialMask[length] = special;
        attentionMask[length] = attention;
        length++;
    }

    private void grow(int capacity) {
        ids = Arrays.copyOf(ids, capacity);
        typeIds = Arrays.copyOf(typeIds, capacity);
        tokens = Arrays.copyOf(tokens, capacity);
        starts = Arrays.copyOf(starts, capacity);
        ends = Arrays.copyOf(ends, capacity);
        wordIds = Arrays.copyOf(wordIds, capacity);
        specialMask = Arrays.copyOf(specialMask, capacity);
        attentionMask = Arrays.copyOf(attentionMask, capacity);
    }

    void setTypeIds(int typeId) { Arrays.fill(typeIds, 0, length, typeId); }

    MutableEncoding copy() {
        MutableEncoding c = slice(0, length);
        for (MutableEncoding o : overflowing) c.overflowing.add(o.copy());
        return c;
    }

    private MutableEncoding slice(int from, int to) {
        MutableEncoding c = new MutableEncoding(to - from);
        System.arraycopy(ids, from, c.ids, 0, to - from);
        System.arraycopy(typeIds, from, c.typeIds, 0, to - from);
        System.arraycopy(tokens, from, c.tokens, 0, to - from);
        System.arraycopy(starts, from, c.starts, 0, to - from);
        System.arraycopy(ends, from, c.ends, 0, to - from);
        System.arraycopy(wordIds, from, c.wordIds, 0, to - from);
        System.arraycopy(specialMask, from, c.specialMask, 0, to - from);
        System.arraycopy(attentionMask, from, c.attentionMask, 0, to - from);
        c.length = to - from;
        return c;
    }

    private void appendTokens(MutableEncoding other) {
        if (length + other.length > ids.length) grow(length + other.length);
        System.arraycopy(other.ids, 0, ids, length, other.length);
        System.arraycopy(other.typeIds, 0, typeIds, length, other.length);
        System.arraycopy(other.tokens, 0, tokens, length, other.length);
        System.arraycopy(other.starts, 0, starts, length, other.length);
        System.arraycopy(other.ends, 0, ends, length, other.length);
        System.arraycopy(other.wordIds, 0, wordIds, length, other.length);
        System.arraycopy(other.specialMask, 0, specialMask, length, other.length);
        System.arraycopy(other.attentionMask, 0, attentionMask, length, other.length);
        length += other.length;
    }

    /** HF {@code Encoding::merge_with(pair, false)}: appends {@code pair}, combining overflowing windows. */
    void mergeWith(MutableEncoding pair) {
        List<MutableEncoding> merged = new ArrayList<>();
        for (MutableEncoding selfO : overflowing) {
            MutableEncoding n = selfO.copy();
            n.mergeWith(pair.copy());
            merged.add(n);
            for (MutableEncoding otherO : pair.overflowing) {
                MutableEncoding m = selfO.copy();
                m.mergeWith(otherO.copy());
                merged.add(m);
            }
        }
        for (MutableEncoding otherO : pair.overflowing) {
            MutableEncoding n = copyWithoutOverflowing();
            n.overflowing = new ArrayList<>();
            for (MutableEncoding o : overflowing) n.overflowing.add(o.copy());
            n.mergeWith(otherO.copy());
            merged.add(n);
        }
        appendTokens(pair);
        overflowing = merged;
    }

    private MutableEncoding copyWithoutOverflowing() { return slice(0, length); }

    /** HF {@code Encoding::merge(encodings, false)}. */
    static MutableEncoding merge(List<MutableEncoding> parts) {
        boolean overflow = false;
        int total = 0;
        for (MutableEncoding p : parts) {
            overflow |= !p.overflowing.isEmpty();
            total += p.length;
        }
        if (!overflow) {
            // Fast path: plain concatenation into one right-sized encoding.
            MutableEncoding result = new MutableEncoding(total);
            for (MutableEncoding p : parts) result.appendTokens(p);
            return result;
        }
        MutableEncoding result = empty();
        for (MutableEncoding p : parts) result.mergeWith(p);
        return result;
    }

    /**
     * Keeps the first {@code maxLength} tokens (or the last, from the left); the rest become overflowing windows
     * that overlap by {@code stride} tokens.
     */
    void truncate(int maxLength, int stride, boolean fromLeft) {
        if (maxLength >= length) return;
        if (maxLength == 0) {
            MutableEncoding all = copy();
            MutableEncoding e = empty();
            copyFrom(e);
            overflowing = new ArrayList<>(List.of(all));
            return;
        }
        if (stride >= maxLength) {
            throw new IllegalArgumentException("stride (" + stride + ") must be smaller than the length left for "
                    + "the sequence (" + maxLength + ", special tokens excluded)");
        }
        int step = maxLength - stride;
        List<int[]> ranges = new ArrayList<>();
        if (!fromLeft) {
            for (int start = 0; start < length; start += step) {
                int stop = Math.min(start + maxLength, length);
                ranges.add(new int[]{start, stop});
                if (stop == length) break;
            }
        } else {
            for (int stop = length; stop > 0; stop -= step) {
                int start = Math.max(0, stop - maxLength);
                ranges.add(new int[]{start, stop});
                if (start == 0) break;
            }
        }
        List<MutableEncoding> windows = new ArrayList<>();
        for (int i = 1; i < ranges.size(); i++) windows.add(slice(ranges.get(i)[0], ranges.get(i)[1]));
        MutableEncoding first = slice(ranges.get(0)[0], ranges.get(0)[1]);
        copyFrom(first);
        overflowing = windows;
    }

    private void copyFrom(MutableEncoding e) {
        ids = e.ids;
        typeIds = e.typeIds;
        tokens = e.tokens;
        starts = e.starts;
        ends = e.ends;
        wordIds = e.wordIds;
        specialMask = e.specialMask;
        attentionMask = e.attentionMask;
        length = e.length;
    }

    /** Pads (this and every overflowing window) to {@code target} tokens. */
    void pad(int target, int padId, int padTypeId, String padToken, boolean left) {
        for (MutableEncoding o : overflowing) o.pad(target, padId, padTypeId, padToken, left);
        if (length >= target) return;
        int padCount = target - length;
        MutableEncoding padded = new MutableEncoding(target);
        if (!left) padded.appendTokens(this);
        for (int i = 0; i < padCount; i++) padded.add(padId, padToken, 0, 0, -1, padTypeId, 1, 0);
        if (left) padded.appendTokens(this);
        List<MutableEncoding> keep = overflowing;
        copyFrom(padded);
        overflowing = keep;
    }

    /** The final, immutable-by-convention encoding; hands over exactly sized arrays instead of copying them. */
    Encoding toEncoding() {
        int[] offsets = new int[length * 2];
        for (int i = 0; i < length; i++) {
            offsets[2 * i] = starts[i];
            offsets[2 * i + 1] = ends[i];
        }
        List<Encoding> over = new ArrayList<>(overflowing.size());
        for (MutableEncoding o : overflowing) over.add(o.toEncoding());
        return new Encoding(exact(ids), tokens.length == length ? tokens : Arrays.copyOf(tokens, length), offsets,
                exact(attentionMask), exact(typeIds), exact(specialMask), exact(wordIds), List.copyOf(over));
    }

    private int[] exact(int[] a) {
        return a.length == length ? a : Arrays.copyOf(a, length);
    }
}
