package dev.deberta4j.tokenizer;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A prefix tree over code points with an open-addressing transition table (no per-node objects), used for
 * vocabulary prefix searches in the models and the added-token matcher.
 */
public final class CodePointTrie {
    private static final int ROOT = 0;
    private long[] keys;
    private int[] children;
    private int mask;
    private int transitions;
    private int[] values = new int[16];
    private int nodes = 1;

    public CodePointTrie(int expectedTransitions) {
        int cap = Integer.highestOneBit(Math.max(16, expectedTransitions * 2) - 1) << 1;
        keys = new long[cap];
        Arrays.fill(keys, -1L);
        children = new int[cap];
        mask = cap - 1;
        Arrays.fill(values, -1);
    }

    public static int root() { return ROOT; }

    /** Stores {@code value} (&ge; 0) at the node reached by {@code key}; a later insert of the same key wins. */
    public void insert(int[] key, int value) {
        int node = ROOT;
        for (int c : key) {
            int next = child(node, c);
            if (next < 0) next = addChild(node, c);
            node = next;
        }
        values[node] = value;
    }

    /** The child of {@code node} along {@code c}, created (without a value) when absent. */
    int childOrAdd(int node, int c) {
        int next = child(node, c);
        return next >= 0 ? next : addChild(node, c);
    }

    /** Stores {@code value} at {@code node}. */
    void setValue(int node, int value) {
        values[node] = value;
    }

    /** The child of {@code node} along {@code c}, or -1. */
    public int child(int node, int c) {
        long k = ((long) node << 21) | c;
        int slot = hash(k) & mask;
        while (true) {
            long stored = keys[slot];
            if (stored == k) return children[slot];
            if (stored == -1L) return -1;
            slot = (slot + 1) & mask;
        }
    }

    /** The value stored at {@code node}, or -1. */
    public int value(int node) { return values[node]; }

    private int addChild(int node, int c) {
        if ((transitions + 1) * 2 > keys.length) grow();
        int id = nodes++;
        if (id >= values.length) {
            int old = values.length;
            values = Arrays.copyOf(values, old * 2);
            Arrays.fill(values, old, values.length, -1);
        }
        put(((long) node << 21) | c, id);
        transitions++;
        return id;
    }

    private void put(long k, int child) {
        int slot = hash(k) & mask;
        while (keys[slot] != -1L) slot = (slot + 1) & mask;
        keys[slot] = k;
        children[slot] = child;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldChildren = children;
        keys = new long[oldKeys.length * 2];
        Arrays.fill(keys, -1L);
        children = new int[keys.length];
        mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != -1L) put(oldKeys[i], oldChildren[i]);
        }
    }

    /** Writes the tables as they are, for {@link #read}. */
    void write(DataOutputStream out) throws IOException {
        out.writeInt(nodes);
        out.writeInt(transitions);
        out.writeInt(keys.length);
        for (long k : keys) out.writeLong(k);
        for (int c : children) out.writeInt(c);
        for (int i = 0; i < nodes; i++) out.writeInt(values[i]);
    }

    /**
     * Reads what {@link #write} wrote, checking that every transition and value stays inside the tables (values
     * below {@code valueLimit}), so that a damaged file fails here and not in a later lookup.
     *
     * @throws IllegalArgumentException when the tables are inconsistent
     */
    static CodePointTrie read(ByteBuffer in, int valueLimit) {
        int nodes = in.getInt();
        int transitions = in.getInt();
        int cap = in.getInt();
        if (cap < 16 || Integer.bitCount(cap) != 1 || (long) cap * 12 > in.remaining() || nodes < 1
                || transitions != nodes - 1 || transitions * 2L > cap || (long) nodes * 4 > in.remaining()) {
            throw new IllegalArgumentException("trie header: " + nodes + " nodes, " + transitions + " transitions, "
                    + cap + " slots");
        }
        CodePointTrie trie = new CodePointTrie(16);
        trie.keys = new long[cap];
        trie.children = new int[cap];
        in.asLongBuffer().get(trie.keys);
        in.position(in.position() + cap * 8);
        in.asIntBuffer().get(trie.children);
        in.position(in.position() + cap * 4);
        trie.values = new int[Math.max(16, nodes)];
        Arrays.fill(trie.values, -1);
        in.asIntBuffer().get(trie.values, 0, nodes);
        in.position(in.position() + nodes * 4);
        trie.mask = cap - 1;
        trie.nodes = nodes;
        trie.transitions = transitions;
        int used = 0;
        for (int slot = 0; slot < cap; slot++) {
            long k = trie.keys[slot];
            if (k == -1L) continue;
            used++;
            int child = trie.children[slot];
            if (k < 0 || (k >>> 21) >= nodes || child < 1 || child >= nodes) {
                throw new IllegalArgumentException("trie slot " + slot + " out of range");
            }
        }
        if (used != transitions) throw new IllegalArgumentException("trie has " + used + " of " + transitions + " slots");
        for (int i = 0; i < nodes; i++) {
            if (trie.values[i] < -1 || trie.values[i] >= valueLimit) {
                throw new IllegalArgumentException("trie value " + trie.values[i] + " out of range");
            }
        }
        return trie;
    }

    private static int hash(long k) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29));
    }
}
