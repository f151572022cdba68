package dev.deberta4j.tokenizer.training;

import java.util.Arrays;

/**
 * Counts of the substrings of one length {@code k} of a flat code point array: each entry is a reference (the
 * offset of one occurrence) plus a count, compared by content. Open addressing; 12 bytes per slot.
 */
final class SubstringTable {
    private final int[] chars;
    private final int k;
    private int[] refs;
    private long[] counts;
    private int size;

    SubstringTable(int[] chars, int k, int expected) {
        this.chars = chars;
        this.k = k;
        int cap = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
        refs = new int[cap];
        Arrays.fill(refs, -1);
        counts = new long[cap];
    }

    int size() { return size; }

    int length() { return k; }

    void add(int at, long count) {
        if ((size + 1) * 2 > refs.length) grow();
        int mask = refs.length - 1;
        int slot = hash(at) & mask;
        while (refs[slot] >= 0) {
            if (same(refs[slot], at)) {
                counts[slot] += count;
                return;
            }
            slot = (slot + 1) & mask;
        }
        refs[slot] = at;
        counts[slot] = count;
        size++;
    }

    /** The count of the substring at {@code at}, or 0. */
    long count(int at) {
        int slot = find(at);
        return slot < 0 ? 0 : counts[slot];
    }

    /** The slot of the substring at {@code at}, or -1. */
    int find(int at) {
        int mask = refs.length - 1;
        int slot = hash(at) & mask;
        while (refs[slot] >= 0) {
            if (same(refs[slot], at)) return slot;
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    int capacity() { return refs.length; }

    /** The reference of a slot, -1 when empty. */
    int ref(int slot) { return refs[slot]; }

    long countAt(int slot) { return counts[slot]; }

    /** Drops the entries counted fewer than {@code min} times. */
    SubstringTable keepAtLeast(long min) {
        SubstringTable out = new SubstringTable(chars, k, size);
        for (int s = 0; s < refs.length; s++) if (refs[s] >= 0 && counts[s] >= min) out.add(refs[s], counts[s]);
        return out;
    }

    private boolean same(int a, int b) {
        if (a == b) return true;
        return Arrays.equals(chars, a, a + k, chars, b, b + k);
    }

    private int hash(int at) {
        int h = 0;
        for (int i = at; i < at + k; i++) h = h * 0x01000193 ^ chars[i];
        h *= 0x9E3779B9;
        return h ^ (h >>> 15);
    }

    private void grow() {
        int[] oldRefs = refs;
        long[] oldCounts = counts;
        refs = new int[oldRefs.length * 2];
        Arrays.fill(refs, -1);
        counts = new long[refs.length];
        size = 0;
        for (int s = 0; s < oldRefs.length; s++) if (oldRefs[s] >= 0) add(oldRefs[s], oldCounts[s]);
    }
}
