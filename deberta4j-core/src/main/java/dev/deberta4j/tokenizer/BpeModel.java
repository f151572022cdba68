package dev.deberta4j.tokenizer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Byte-pair encoding: start from single chars (with continuing prefix / end-of-word suffix, unknowns fused or
 * byte-fallback), then apply the lowest-ranked merge first, leftmost on ties. Dropout is not supported.
 */
final class BpeModel implements Model {
    private final Map<String, Integer> vocab;
    private final TokenStrings idToToken;
    /** (leftId, rightId) packed in a long -> (rank, newId) packed in a long. */
    private final Map<Long, Long> merges;
    private final String unkToken;
    private final String prefix;
    private final String suffix;
    private final boolean fuseUnk;
    private final boolean byteFallback;
    private final boolean ignoreMerges;

    BpeModel(Map<String, Integer> vocab, List<String[]> mergeList, String unkToken, String prefix, String suffix,
             boolean fuseUnk, boolean byteFallback, boolean ignoreMerges, String where) {
        this.vocab = new HashMap<>(vocab);
        this.unkToken = unkToken;
        this.prefix = prefix;
        this.suffix = suffix;
        this.fuseUnk = fuseUnk;
        this.byteFallback = byteFallback;
        this.ignoreMerges = ignoreMerges;
        idToToken = TokenStrings.of(vocab);
        merges = new HashMap<>(mergeList.size() * 2);
        int prefixLen = prefix == null ? 0 : prefix.length();
        for (int rank = 0; rank < mergeList.size(); rank++) {
            String a = mergeList.get(rank)[0];
            String b = mergeList.get(rank)[1];
            Integer aId = vocab.get(a);
            Integer bId = vocab.get(b);
            if (aId == null || bId == null) {
                throw new TokenizerFormatException(where + "[" + rank + "]: merge token '" + (aId == null ? a : b)
                        + "' is not in the vocabulary");
            }
            String merged = a + (b.length() >= prefixLen ? b.substring(prefixLen) : "");
            Integer newId = vocab.get(merged);
            if (newId == null) {
                throw new TokenizerFormatException(where + "[" + rank + "]: merged token '" + merged
                        + "' is not in the vocabulary");
            }
            merges.put(pair(aId, bId), ((long) rank << 32) | newId);
        }
    }

    static BpeModel fromJson(Json j, Map<String, Integer> vocab) {
        if (!j.field("dropout").isMissingOrNull() && j.field("dropout").number() > 0) {
            throw j.field("dropout").error("BPE dropout is not supported (deterministic encoding only)");
        }
        Json m = j.field("merges").array();
        List<String[]> merges = new java.util.ArrayList<>(m.size());
        for (int i = 0; i < m.size(); i++) {
            Json e = m.at(i);
            if (e.node().isTextual()) {
                String s = e.text();
                int space = s.indexOf(' ');
                if (space < 0) throw e.error("expected \"left right\", found '" + s + "'");
                merges.add(new String[]{s.substring(0, space), s.substring(space + 1)});
            } else {
                e.array();
                if (e.size() != 2) throw e.error("expected [left, right], found " + e.describe());
                merges.add(new String[]{e.at(0).text(), e.at(1).text()});
            }
        }
        return new BpeModel(vocab, merges, j.field("unk_token").text(null), j.field("continuing_subword_prefix").text(null),
                j.field("end_of_word_suffix").text(null), j.field("fuse_unk").bool(false), j.field("byte_fallback").bool(false),
                j.field("ignore_merges").bool(false), m.where());
    }

    private static long pair(int a, int b) { return ((long) a << 32) | (b & 0xFFFFFFFFL); }

    @Override public void tokenize(NormalizedText text, List<Token> out) {
        int n = text.length();
        if (n == 0) return;
        int[] cps = text.rawChars();
        String whole = new String(cps, 0, n);
        if (ignoreMerges) {
            Integer id = vocab.get(whole);
            if (id != null) {
                out.add(new Token(id, idToToken.get(id), 0, n));
                return;
            }
        }
        // Symbols carry their span in chars; byte-fallback symbols of one char all span that char.
        IntBuffer ids = new IntBuffer(n);
        IntBuffer starts = new IntBuffer(n);
        IntBuffer ends = new IntBuffer(n);
        int unkId = -1;
        int unkStart = -1;
        int unkEnd = -1;
        for (int i = 0; i < n; i++) {
            String s = new String(cps, i, 1);
            if (i > 0 && prefix != null) s = prefix + s;
            if (i == n - 1 && suffix != null) s = s + suffix;
            Integer id = vocab.get(s);
            if (id != null) {
                if (unkId >= 0) {
                    ids.add(unkId);
                    starts.add(unkStart);
                    ends.add(unkEnd);
                    unkId = -1;
                }
                ids.add(id);
                starts.add(i);
                ends.add(i + 1);
                continue;
            }
            if (byteFallback) {
                byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                int[] byteIds = new int[bytes.length];
                boolean all = true;
                for (int k = 0; k < bytes.length && all; k++) {
                    Integer b = vocab.get(UnigramModel.byteToken(bytes[k]));
                    all = b != null;
                    if (all) byteIds[k] = b;
                }
                if (all) {
                    for (int b : byteIds) {
                        ids.add(b);
                        starts.add(i);
                        ends.add(i + 1);
                    }
                    continue;
                }
            }
            if (unkToken != null) {
                Integer unk = vocab.get(unkToken);
                if (unk == null) {
                    throw new TokenizerFormatException("tokenizer model: BPE unk_token '" + unkToken
                            + "' is not in the vocabulary, so the unknown text '" + text.slice(i, i + 1)
                            + "' cannot be encoded (Hugging Face fails the same way)");
                }
                if (unkId >= 0 && fuseUnk) {
                    unkEnd = i + 1;
                } else {
                    if (unkId >= 0) {
                        ids.add(unkId);
                        starts.add(unkStart);
                        ends.add(unkEnd);
                    }
                    unkId = unk;
                    unkStart = i;
                    unkEnd = i + 1;
                }
            }
        }
        if (unkId >= 0) {
            ids.add(unkId);
            starts.add(unkStart);
            ends.add(unkEnd);
        }
        mergeAll(ids, starts, ends, out);
    }

    /** Applies merges by rank (then position) over a linked list of symbols. */
    private void mergeAll(IntBuffer ids, IntBuffer starts, IntBuffer ends, List<Token> out) {
        int m = ids.size();
        int[] sym = ids.toArray();
        int[] s = starts.toArray();
        int[] e = ends.toArray();
        int[] prev = new int[m];
        int[] next = new int[m];
        boolean[] removed = new boolean[m];
        for (int i = 0; i < m; i++) {
            prev[i] = i - 1;
            next[i] = i + 1 < m ? i + 1 : -1;
        }
        // Entries: rank << 32 | pos, then newId in a parallel map keyed by the same long.
        PriorityQueue<long[]> queue = new PriorityQueue<>((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0])
                : Long.compare(x[1], y[1]));
        for (int i = 0; i + 1 < m; i++) {
            Long merge = merges.get(pair(sym[i], sym[i + 1]));
            if (merge != null) queue.add(new long[]{merge >>> 32, i, (int) (long) merge});
        }
        while (!queue.isEmpty()) {
            long[] top = queue.poll();
            int pos = (int) top[1];
            int newId = (int) top[2];
            if (removed[pos] || next[pos] < 0) continue;
            int right = next[pos];
            Long current = merges.get(pair(sym[pos], sym[right]));
            if (current == null || (int) (long) current != newId) continue;
            sym[pos] = newId;
            e[pos] = e[right];
            removed[right] = true;
            next[pos] = next[right];
            if (next[right] >= 0) prev[next[right]] = pos;
            if (prev[pos] >= 0) {
                Long merge = merges.get(pair(sym[prev[pos]], sym[pos]));
                if (merge != null) queue.add(new long[]{merge >>> 32, prev[pos], (int) (long) merge});
            }
            if (next[pos] >= 0) {
                Long merge = merges.get(pair(sym[pos], sym[next[pos]]));
                if (merge != null) queue.add(new long[]{merge >>> 32, pos, (int) (long) merge});
            }
        }
        for (int i = 0; i < m; i++) {
            if (!removed[i]) out.add(new Token(sym[i], idToToken.get(sym[i]), s[i], e[i]));
        }
    }

    @Override public int tokenToId(String token) {
        Integer id = vocab.get(token);
        return id == null ? -1 : id;
    }

    @Override public String idToToken(int id) {
        return idToToken.get(id);
    }

    @Override public int vocabSize() { return vocab.size(); }
}
