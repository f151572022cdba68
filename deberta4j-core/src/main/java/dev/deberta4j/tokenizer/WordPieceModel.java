package dev.deberta4j.tokenizer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * WordPiece: greedy longest-match-first from the left; pieces after the first carry the continuing-subword
 * prefix. A word that cannot be covered, or is longer than {@code maxInputCharsPerWord}, becomes one unk token.
 */
final class WordPieceModel implements Model {
    private final Map<String, Integer> vocab;
    private final TokenStrings idToToken;
    private final String unkToken;
    private final String prefix;
    private final int maxInputCharsPerWord;
    private final CodePointTrie words = new CodePointTrie(1 << 16);
    private final CodePointTrie continuations = new CodePointTrie(1 << 16);

    WordPieceModel(Map<String, Integer> vocab, String unkToken, String prefix, int maxInputCharsPerWord) {
        this.vocab = new HashMap<>(vocab);
        this.unkToken = unkToken;
        this.prefix = prefix;
        this.maxInputCharsPerWord = maxInputCharsPerWord;
        this.idToToken = TokenStrings.of(vocab);
        for (Map.Entry<String, Integer> e : vocab.entrySet()) {
            words.insert(e.getKey().codePoints().toArray(), e.getValue());
            if (!prefix.isEmpty() && e.getKey().startsWith(prefix)) {
                continuations.insert(e.getKey().substring(prefix.length()).codePoints().toArray(), e.getValue());
            }
        }
    }

    @Override public void tokenize(NormalizedText text, List<Token> out) {
        int n = text.length();
        if (n == 0) return;
        if (n > maxInputCharsPerWord) {
            out.add(unknown(n));
            return;
        }
        int[] cps = text.rawChars();
        int mark = out.size();
        int start = 0;
        while (start < n) {
            // With an empty prefix, continuations match plain vocabulary entries (HF prepends "").
            CodePointTrie trie = start == 0 || prefix.isEmpty() ? words : continuations;
            int node = CodePointTrie.root();
            int bestEnd = -1;
            int bestId = -1;
            for (int i = start; i < n; i++) {
                node = trie.child(node, cps[i]);
                if (node < 0) break;
                int v = trie.value(node);
                if (v >= 0) {
                    bestEnd = i + 1;
                    bestId = v;
                }
            }
            if (bestEnd < 0) {
                while (out.size() > mark) out.removeLast();
                out.add(unknown(n));
                return;
            }
            out.add(new Token(bestId, idToToken.get(bestId), start, bestEnd));
            start = bestEnd;
        }
    }

    private Token unknown(int n) {
        Integer id = vocab.get(unkToken);
        if (id == null) {
            throw new TokenizerFormatException("tokenizer model: WordPiece unk_token '" + unkToken
                    + "' is not in the vocabulary, so a word it cannot cover cannot be encoded"
                    + " (Hugging Face fails the same way: missing unk token)");
        }
        return new Token(id, unkToken, 0, n);
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
