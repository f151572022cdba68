package dev.deberta4j.tokenizer;

import java.util.List;

/**
 * SentencePiece Unigram: the Viterbi path of maximal summed piece log-probability. A char with no single-char
 * piece is unknown (score = min score - 10); consecutive unknowns are fused into one token whose string is the
 * original text; with byte fallback, unknown text becomes {@code <0xNN>} byte pieces when they all exist.
 */
final class UnigramModel implements Model {
    private static final double UNK_PENALTY = 10.0;
    private final String[] pieces;
    private final double[] scores;
    /** Piece ids by code points; the id map too ({@link #tokenToId}), so no second index of 8-128 K strings. */
    private final CodePointTrie trie;
    /** The id of the empty piece (which the trie cannot hold), or -1. */
    private final int emptyId;
    private final int unkId;
    private final boolean byteFallback;
    private final double unkScore;

    UnigramModel(String[] pieces, double[] scores, int unkId, boolean byteFallback) {
        this(pieces, scores, unkId, byteFallback, trieOf(pieces));
    }

    /** With the trie {@link #trieOf} built for {@code pieces} (e.g. read back by {@link TokenizerCache}). */
    UnigramModel(String[] pieces, double[] scores, int unkId, boolean byteFallback, CodePointTrie trie) {
        this.pieces = pieces;
        this.scores = scores;
        this.unkId = unkId;
        this.byteFallback = byteFallback;
        this.trie = trie;
        double min = Double.POSITIVE_INFINITY;
        int empty = -1;
        for (int i = 0; i < pieces.length; i++) {
            min = Math.min(min, scores[i]);
            if (pieces[i].isEmpty()) empty = i;
        }
        this.emptyId = empty;
        this.unkScore = min - UNK_PENALTY;
    }

    /** Later duplicates win, as in a hash map insert. */
    static CodePointTrie trieOf(String[] pieces) {
        CodePointTrie trie = new CodePointTrie(pieces.length * 3);
        for (int i = 0; i < pieces.length; i++) {
            if (!pieces[i].isEmpty()) trie.insert(pieces[i].codePoints().toArray(), i);
        }
        return trie;
    }

    String[] pieces() { return pieces; }

    double[] scores() { return scores; }

    CodePointTrie trie() { return trie; }

    int unkId() { return unkId; }

    boolean byteFallback() { return byteFallback; }

    @Override public void tokenize(NormalizedText text, List<Token> out) {
        int n = text.length();
        if (n == 0) return;
        int[] cps = text.rawChars();
        double[] best = new double[n + 1];
        int[] from = new int[n + 1];
        int[] id = new int[n + 1];
        java.util.Arrays.fill(from, -1);
        for (int start = 0; start < n; start++) {
            double base = best[start];
            boolean hasSingle = false;
            int node = CodePointTrie.root();
            for (int end = start; end < n; end++) {
                node = trie.child(node, cps[end]);
                if (node < 0) break;
                int piece = trie.value(node);
                if (piece < 0) continue;
                double candidate = scores[piece] + base;
                int at = end + 1;
                if (from[at] < 0 || candidate > best[at]) {
                    best[at] = candidate;
                    from[at] = start;
                    id[at] = piece;
                }
                if (at == start + 1) hasSingle = true;
            }
            if (!hasSingle) {
                if (unkId < 0) {
                    throw new IllegalStateException("Unigram model has no unk_id but text contains unknown char U+"
                            + Integer.toHexString(cps[start]).toUpperCase());
                }
                int at = start + 1;
                double candidate = unkScore + base;
                if (from[at] < 0 || candidate > best[at]) {
                    best[at] = candidate;
                    from[at] = start;
                    id[at] = unkId;
                }
            }
        }
        // Backtrack, fusing runs of unknowns.
        IntBuffer starts = new IntBuffer();
        IntBuffer ends = new IntBuffer();
        IntBuffer pieceIds = new IntBuffer();
        int end = n;
        int fusedEnd = -1;
        while (end > 0) {
            int start = from[end];
            if (id[end] == unkId) {
                if (fusedEnd < 0) fusedEnd = end;
            } else {
                if (fusedEnd >= 0) {
                    starts.add(end);
                    ends.add(fusedEnd);
                    pieceIds.add(-1);
                    fusedEnd = -1;
                }
                starts.add(start);
                ends.add(end);
                pieceIds.add(id[end]);
            }
            end = start;
        }
        if (fusedEnd >= 0) {
            starts.add(0);
            ends.add(fusedEnd);
            pieceIds.add(-1);
        }
        for (int k = starts.size() - 1; k >= 0; k--) {
            int s = starts.get(k);
            int e = ends.get(k);
            int piece = pieceIds.get(k);
            if (piece >= 0) {
                out.add(new Token(piece, pieces[piece], s, e));
            } else {
                emitUnknown(new String(cps, s, e - s), s, e, out);
            }
        }
    }

    private void emitUnknown(String value, int start, int end, List<Token> out) {
        int known = tokenToId(value);
        if (known >= 0) {
            out.add(new Token(known, value, start, end));
            return;
        }
        if (byteFallback) {
            byte[] bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            int[] byteIds = new int[bytes.length];
            boolean all = true;
            for (int i = 0; i < bytes.length && all; i++) {
                int b = tokenToId(byteToken(bytes[i]));
                all = b >= 0;
                if (all) byteIds[i] = b;
            }
            if (all) {
                for (int byteId : byteIds) out.add(new Token(byteId, pieces[byteId], start, end));
                return;
            }
        }
        out.add(new Token(unkId, value, start, end));
    }

    static String byteToken(byte b) {
        return String.format("<0x%02X>", b & 0xFF);
    }

    @Override public int tokenToId(String token) {
        if (token.isEmpty()) return emptyId;
        int node = CodePointTrie.root();
        for (int i = 0; i < token.length() && node >= 0; ) {
            int c = token.codePointAt(i);
            node = trie.child(node, c);
            i += Character.charCount(c);
        }
        return node < 0 ? -1 : trie.value(node);
    }

    @Override public String idToToken(int id) {
        return id >= 0 && id < pieces.length ? pieces[id] : null;
    }

    @Override public int vocabSize() { return pieces.length; }
}
