package dev.deberta4j.tokenizer;

import java.util.HashMap;
import java.util.Map;

/**
 * Token strings by id for a vocabulary map. Hugging Face allows any id (a u32), so a vocabulary with a few huge
 * ids is kept in a map instead of an array sized by the largest id, which a hostile file could set to 2^31 - 1.
 */
final class TokenStrings {
    private final String[] dense;
    private final Map<Integer, String> sparse;

    private TokenStrings(String[] dense, Map<Integer, String> sparse) {
        this.dense = dense;
        this.sparse = sparse;
    }

    /** Ids must already be non-negative ({@link TokenizerJsonReader#vocabMap} checks). */
    static TokenStrings of(Map<String, Integer> vocab) {
        long maxId = -1;
        for (int id : vocab.values()) maxId = Math.max(maxId, id);
        if (maxId < 2L * vocab.size() + 1024) {
            String[] dense = new String[(int) maxId + 1];
            for (Map.Entry<String, Integer> e : vocab.entrySet()) dense[e.getValue()] = e.getKey();
            return new TokenStrings(dense, null);
        }
        Map<Integer, String> sparse = new HashMap<>();
        for (Map.Entry<String, Integer> e : vocab.entrySet()) sparse.put(e.getValue(), e.getKey());
        return new TokenStrings(null, sparse);
    }

    /** The token with this id, or null. */
    String get(int id) {
        if (dense != null) return id >= 0 && id < dense.length ? dense[id] : null;
        return sparse.get(id);
    }
}
