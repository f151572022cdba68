package dev.deberta4j.tokenizer.training;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Adjacent-pair statistics of the merge loop: for each (left, right) token pair its count over all words and the
 * words it was seen in (append-only, possibly repeated or stale; the merge loop checks each word). Open
 * addressing over a packed long key, no per-pair objects besides the word lists.
 */
final class PairTable {
    @FunctionalInterface
    interface PairVisitor {
        void accept(int left, int right, long count);
    }

    /** The pairs whose counts rose during one merge, in first-touch order. */
    static final class Changes {
        private final Set<Long> keys = new LinkedHashSet<>();

        void touch(int left, int right) { keys.add(key(left, right)); }

        Iterable<Long> keys() { return keys; }
    }

    private long[] keys = new long[1 << 16];
    private long[] counts = new long[1 << 16];
    private int[][] words = new int[1 << 16][];
    private int[] wordSizes = new int[1 << 16];
    private int size;

    PairTable() {
        Arrays.fill(keys, -1L);
    }

    static long key(int left, int right) { return (long) left << 32 | (right & 0xFFFFFFFFL); }

    static int left(long key) { return (int) (key >>> 32); }

    static int right(long key) { return (int) key; }

    /** Adds {@code delta} to the pair's count; a word index {@code >= 0} is recorded as holding the pair. */
    void add(int left, int right, long delta, int word) {
        int slot = slotOf(key(left, right), true);
        counts[slot] += delta;
        if (word >= 0) {
            int[] list = words[slot];
            int n = wordSizes[slot];
            if (list == null) list = words[slot] = new int[2];
            else if (n == list.length) list = words[slot] = Arrays.copyOf(list, n * 2);
            list[n] = word;
            wordSizes[slot] = n + 1;
        }
    }

    long count(int left, int right) {
        int slot = slotOf(key(left, right), false);
        return slot < 0 ? 0 : counts[slot];
    }

    /** The word list of a pair (valid up to {@link #wordCount}); empty when the pair is unknown. */
    int[] words(int left, int right) {
        int slot = slotOf(key(left, right), false);
        return slot < 0 || words[slot] == null ? new int[0] : words[slot];
    }

    int wordCount(int left, int right) {
        int slot = slotOf(key(left, right), false);
        return slot < 0 ? 0 : wordSizes[slot];
    }

    /** Visits every pair in ascending key order (deterministic). */
    void forEach(PairVisitor visitor) {
        long[] sorted = new long[size];
        int n = 0;
        for (long k : keys) if (k != -1L) sorted[n++] = k;
        Arrays.sort(sorted);
        for (long k : sorted) visitor.accept(left(k), right(k), counts[slotOf(k, false)]);
    }

    private int slotOf(long key, boolean insert) {
        int mask = keys.length - 1;
        int slot = hash(key) & mask;
        while (true) {
            long k = keys[slot];
            if (k == key) return slot;
            if (k == -1L) {
                if (!insert) return -1;
                if ((size + 1) * 2 > keys.length) {
                    grow();
                    return slotOf(key, true);
                }
                size++;
                keys[slot] = key;
                return slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldCounts = counts;
        int[][] oldWords = words;
        int[] oldSizes = wordSizes;
        int cap = oldKeys.length * 2;
        keys = new long[cap];
        Arrays.fill(keys, -1L);
        counts = new long[cap];
        words = new int[cap][];
        wordSizes = new int[cap];
        int mask = cap - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] == -1L) continue;
            int slot = hash(oldKeys[i]) & mask;
            while (keys[slot] != -1L) slot = (slot + 1) & mask;
            keys[slot] = oldKeys[i];
            counts[slot] = oldCounts[i];
            words[slot] = oldWords[i];
            wordSizes[slot] = oldSizes[i];
        }
    }

    private static int hash(long k) {
        k *= 0x9E3779B97F4A7C15L;
        return (int) (k ^ (k >>> 32));
    }
}
