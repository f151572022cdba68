package dev.deberta4j.tokenizer;

import java.util.Arrays;
import java.util.List;

/**
 * Finds, for every position of a text, the longest key that starts there, in time linear in the text (plus the keys
 * once): an Aho–Corasick automaton over the reversed keys, run from the end of the text. Added-token matching
 * (leftmost-longest, as Hugging Face's aho-corasick matcher) then is one greedy pass over these lengths; walking a
 * trie from every position instead takes quadratic time on a long added token that almost matches everywhere.
 */
final class LongestMatchAutomaton {
    private final CodePointTrie trie = new CodePointTrie(64);
    private int[] firstChild = new int[16];
    private int[] nextSibling = new int[16];
    private int[] depth = new int[16];
    private int[] label = new int[16];
    private int[] fail;
    /** The deepest node on the failure chain (the node itself included) that ends a key, or -1. */
    private int[] terminal;
    private int nodes = 1;

    /** {@code keys.get(i)} is reported as index i; empty keys are skipped, a later duplicate wins. */
    LongestMatchAutomaton(List<int[]> keys) {
        Arrays.fill(firstChild, -1);
        Arrays.fill(nextSibling, -1);
        for (int k = 0; k < keys.size(); k++) {
            int[] key = keys.get(k);
            if (key.length == 0) continue;
            int[] reversed = new int[key.length];
            for (int i = 0; i < key.length; i++) reversed[i] = key[key.length - 1 - i];
            insert(reversed, k);
        }
        buildFailureLinks();
    }

    private void insert(int[] key, int value) {
        int node = CodePointTrie.root();
        for (int c : key) {
            int next = trie.childOrAdd(node, c);
            if (next >= nodes) { // new node
                nodes = next + 1;
                grow(nodes);
                label[next] = c;
                depth[next] = depth[node] + 1;
                nextSibling[next] = firstChild[node];
                firstChild[node] = next;
            }
            node = next;
        }
        trie.setValue(node, value);
    }

    private void grow(int size) {
        if (size <= firstChild.length) return;
        int old = firstChild.length;
        int cap = Math.max(size, old * 2);
        firstChild = Arrays.copyOf(firstChild, cap);
        nextSibling = Arrays.copyOf(nextSibling, cap);
        depth = Arrays.copyOf(depth, cap);
        label = Arrays.copyOf(label, cap);
        Arrays.fill(firstChild, old, cap, -1);
        Arrays.fill(nextSibling, old, cap, -1);
    }

    /** Breadth-first: a node's failure link is the longest proper suffix of its string that is in the trie. */
    private void buildFailureLinks() {
        fail = new int[nodes];
        terminal = new int[nodes];
        int[] queue = new int[nodes];
        int head = 0;
        int tail = 0;
        int root = CodePointTrie.root();
        fail[root] = root;
        terminal[root] = -1;
        queue[tail++] = root;
        while (head < tail) {
            int node = queue[head++];
            for (int child = firstChild[node]; child >= 0; child = nextSibling[child]) {
                queue[tail++] = child;
                int c = label[child];
                int f = fail[node];
                int link = root;
                if (node != root) {
                    while (true) {
                        int next = trie.child(f, c);
                        if (next >= 0) {
                            link = next;
                            break;
                        }
                        if (f == root) break;
                        f = fail[f];
                    }
                }
                fail[child] = link;
                terminal[child] = trie.value(child) >= 0 ? child : terminal[link];
            }
        }
    }

    /**
     * For each position i of {@code text}, the length of the longest key starting at i (0 when none) in
     * {@code lengths[i]} and its index in {@code indexes[i]}.
     */
    void longestAt(int[] text, int n, int[] lengths, int[] indexes) {
        int root = CodePointTrie.root();
        int state = root;
        for (int j = n - 1; j >= 0; j--) {
            int c = text[j];
            int next = trie.child(state, c);
            while (next < 0 && state != root) {
                state = fail[state];
                next = trie.child(state, c);
            }
            state = next < 0 ? root : next;
            int t = terminal[state];
            lengths[j] = t < 0 ? 0 : depth[t];
            indexes[j] = t < 0 ? -1 : trie.value(t);
        }
    }
}
