package dev.deberta4j.tokenizer.training;

import dev.deberta4j.tokenizer.CodePointTrie;

import java.util.Arrays;

/**
 * The segmentation lattice of one word under a Unigram model: every vocabulary piece found at every position,
 * plus an unknown node (score min - 10, as SentencePiece) where no single-char piece exists. Forward-backward
 * gives the expected piece counts (E-step); Viterbi the best segmentation. Scratch buffers are reused: one
 * instance per thread.
 */
final class UnigramLattice {
    static final int UNKNOWN = -1;
    private static final double UNKNOWN_PENALTY = 10.0;

    private final CodePointTrie trie;
    private final double[] scores;
    private final double unknownScore;
    private int[] nodeStart = new int[256];
    private int[] nodeEnd = new int[256];
    private int[] nodeId = new int[256];
    private int nodes;
    private double[] alpha = new double[64];
    private double[] beta = new double[64];
    private int[] back = new int[64];

    UnigramLattice(CodePointTrie trie, double[] scores) {
        this.trie = trie;
        this.scores = scores;
        double min = Double.POSITIVE_INFINITY;
        for (double s : scores) min = Math.min(min, s);
        this.unknownScore = min - UNKNOWN_PENALTY;
    }

    static CodePointTrie trieOf(java.util.List<String> pieces) {
        CodePointTrie trie = new CodePointTrie(pieces.size() * 4);
        for (int i = 0; i < pieces.size(); i++) trie.insert(pieces.get(i).codePoints().toArray(), i);
        return trie;
    }

    /** Builds the nodes of chars[from, to), ordered by start then length. */
    private void populate(int[] chars, int from, int to) {
        nodes = 0;
        for (int s = from; s < to; s++) {
            int node = CodePointTrie.root();
            boolean single = false;
            for (int e = s; e < to; e++) {
                node = trie.child(node, chars[e]);
                if (node < 0) break;
                int piece = trie.value(node);
                if (piece < 0) continue;
                if (e == s) single = true;
                addNode(s - from, e + 1 - from, piece);
            }
            if (!single) addNode(s - from, s + 1 - from, UNKNOWN);
        }
    }

    private void addNode(int start, int end, int id) {
        if (nodes == nodeStart.length) {
            nodeStart = Arrays.copyOf(nodeStart, nodes * 2);
            nodeEnd = Arrays.copyOf(nodeEnd, nodes * 2);
            nodeId = Arrays.copyOf(nodeId, nodes * 2);
        }
        nodeStart[nodes] = start;
        nodeEnd[nodes] = end;
        nodeId[nodes] = id;
        nodes++;
    }

    private double score(int node) {
        return nodeId[node] == UNKNOWN ? unknownScore : scores[nodeId[node]];
    }

    private void ensure(int n) {
        if (alpha.length <= n) {
            alpha = new double[n * 2 + 1];
            beta = new double[n * 2 + 1];
            back = new int[n * 2 + 1];
        }
    }

    /**
     * Adds {@code freq} × the marginal probability of every piece node of chars[from, to) to {@code expected},
     * in fixed point ({@code scale} units per occurrence); returns the log partition (log Z).
     */
    double expect(int[] chars, int from, int to, long freq, long[] expected, double scale) {
        populate(chars, from, to);
        int n = to - from;
        ensure(n);
        Arrays.fill(alpha, 0, n + 1, Double.NEGATIVE_INFINITY);
        Arrays.fill(beta, 0, n + 1, Double.NEGATIVE_INFINITY);
        alpha[0] = 0;
        for (int i = 0; i < nodes; i++) {
            alpha[nodeEnd[i]] = logAdd(alpha[nodeEnd[i]], alpha[nodeStart[i]] + score(i));
        }
        beta[n] = 0;
        for (int i = nodes - 1; i >= 0; i--) {
            beta[nodeStart[i]] = logAdd(beta[nodeStart[i]], score(i) + beta[nodeEnd[i]]);
        }
        double z = alpha[n];
        for (int i = 0; i < nodes; i++) {
            if (nodeId[i] == UNKNOWN) continue;
            double p = Math.exp(alpha[nodeStart[i]] + score(i) + beta[nodeEnd[i]] - z);
            expected[nodeId[i]] += Math.round(freq * p * scale);
        }
        return z;
    }

    /**
     * The best segmentation of chars[from, to) into {@code out} (piece ids, {@link #UNKNOWN} for unknown chars);
     * the piece {@code excluded} (or -2 for none) may not be used. Returns the token count, or -1 when no
     * segmentation avoids {@code excluded}.
     */
    int viterbi(int[] chars, int from, int to, int excluded, int[] out) {
        populate(chars, from, to);
        int n = to - from;
        ensure(n);
        Arrays.fill(alpha, 0, n + 1, Double.NEGATIVE_INFINITY);
        Arrays.fill(back, 0, n + 1, -1);
        alpha[0] = 0;
        for (int i = 0; i < nodes; i++) {
            if (nodeId[i] == excluded && excluded != UNKNOWN) continue;
            if (alpha[nodeStart[i]] == Double.NEGATIVE_INFINITY) continue;
            double candidate = alpha[nodeStart[i]] + score(i);
            if (back[nodeEnd[i]] < 0 || candidate > alpha[nodeEnd[i]]) {
                alpha[nodeEnd[i]] = candidate;
                back[nodeEnd[i]] = i;
            }
        }
        if (back[n] < 0) return -1;
        int count = 0;
        for (int pos = n; pos > 0; pos = nodeStart[back[pos]]) count++;
        int k = count;
        for (int pos = n; pos > 0; pos = nodeStart[back[pos]]) out[--k] = nodeId[back[pos]];
        return count;
    }

    private static double logAdd(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) return b;
        if (b == Double.NEGATIVE_INFINITY) return a;
        double max = Math.max(a, b);
        return max + Math.log1p(Math.exp(-Math.abs(a - b)));
    }
}
