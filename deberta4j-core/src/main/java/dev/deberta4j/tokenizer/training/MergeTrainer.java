package dev.deberta4j.tokenizer.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The BPE merge loop as Hugging Face tokenizers' {@code BpeTrainer} runs it, shared by the byte-level BPE and the
 * WordPiece trainers. The vocabulary starts with the special tokens, then the alphabet (the chars of the words,
 * weighted by word count, the forced {@code initialAlphabet} counted as infinitely frequent; the
 * {@code limitAlphabet} most frequent, ties by code point, kept in code point order), then each char as it first occurs after a word's first char with the continuing-subword prefix
 * (words visited in {@link WordCounts} order). Then, until the vocabulary is full, the most frequent adjacent pair
 * is merged; ties go to the pair of smaller (left id, right id), as HF's heap orders them. Chars outside the
 * alphabet are dropped from their words, as HF does.
 */
final class MergeTrainer {
    /** The trained vocabulary (ids are list positions) and merges (pairs of token strings, by rank). */
    record Result(List<String> vocab, List<String[]> merges) {}

    private record Merge(long count, int left, int right) {}

    private final int vocabSize;
    private final long minFrequency;
    private final int limitAlphabet;
    private final int[] initialAlphabet;
    private final String prefix;

    /**
     * @param limitAlphabet  at most this many chars (besides the initial alphabet); {@code <= 0}: no limit
     * @param prefix         the continuing-subword prefix ({@code ##} for WordPiece), or null
     */
    MergeTrainer(int vocabSize, long minFrequency, int limitAlphabet, int[] initialAlphabet, String prefix) {
        this.vocabSize = vocabSize;
        this.minFrequency = minFrequency;
        this.limitAlphabet = limitAlphabet;
        this.initialAlphabet = initialAlphabet;
        this.prefix = prefix;
    }

    /**
     * @param specialTokens the first entries of the vocabulary
     * @param reserved      strings a merge may not produce (special tokens appended after training)
     */
    Result train(WordCounts words, List<String> specialTokens, java.util.Set<String> reserved, TrainingProgress progress) {
        List<String> vocab = new ArrayList<>(vocabSize);
        Map<String, Integer> ids = new HashMap<>(vocabSize * 2);
        for (String s : specialTokens) add(s, vocab, ids);
        for (int c : alphabet(words)) add(new String(Character.toChars(c)), vocab, ids);

        int n = words.size();
        int[][] symbols = new int[n][];
        int[] lengths = new int[n];
        int[] chars = words.chars();
        for (int w = 0; w < n; w++) {
            int[] s = new int[words.length(w)];
            int len = 0;
            for (int i = words.start(w); i < words.end(w); i++) {
                String c = new String(Character.toChars(chars[i]));
                if (!ids.containsKey(c)) continue;   // outside the alphabet
                if (prefix != null && i > words.start(w)) c = prefix + c;
                s[len++] = add(c, vocab, ids);
            }
            symbols[w] = s;
            lengths[w] = len;
        }

        PairTable pairs = new PairTable();
        for (int w = 0; w < n; w++) {
            for (int i = 0; i + 1 < lengths[w]; i++) pairs.add(symbols[w][i], symbols[w][i + 1], words.count(w), w);
        }
        PriorityQueue<Merge> queue = new PriorityQueue<>((a, b) -> {
            if (a.count != b.count) return Long.compare(b.count, a.count);
            if (a.left != b.left) return Integer.compare(a.left, b.left);
            return Integer.compare(a.right, b.right);
        });
        pairs.forEach((left, right, count) -> { if (count > 0) queue.add(new Merge(count, left, right)); });

        List<String[]> merges = new ArrayList<>();
        int before = vocab.size();
        int target = Math.max(0, vocabSize - before);
        progress.phase("merges", target, " merges");
        int[] seen = new int[n];
        int stamp = 0;
        while (vocab.size() < vocabSize && !queue.isEmpty()) {
            Merge top = queue.poll();
            long current = pairs.count(top.left, top.right);
            if (top.count != current) {
                if (current > 0) queue.add(new Merge(current, top.left, top.right));
                continue;
            }
            if (top.count < 1 || top.count < minFrequency) break;
            String left = vocab.get(top.left);
            String right = vocab.get(top.right);
            if (prefix != null && right.startsWith(prefix)) right = right.substring(prefix.length());
            if (reserved.contains(left + right)) continue;   // skipped, as HF skips a too-long token
            int merged = add(left + right, vocab, ids);
            merges.add(new String[]{vocab.get(top.left), vocab.get(top.right)});

            stamp++;
            PairTable.Changes changes = new PairTable.Changes();
            int[] where = pairs.words(top.left, top.right);
            int whereSize = pairs.wordCount(top.left, top.right);
            for (int k = 0; k < whereSize; k++) {
                int w = where[k];
                if (seen[w] == stamp) continue;
                seen[w] = stamp;
                lengths[w] = mergeWord(symbols[w], lengths[w], top.left, top.right, merged, words.count(w), w, pairs,
                        changes);
            }
            for (long key : changes.keys()) {
                long count = pairs.count(PairTable.left(key), PairTable.right(key));
                if (count > 0) queue.add(new Merge(count, PairTable.left(key), PairTable.right(key)));
            }
            progress.advance(vocab.size() - before);
        }
        return new Result(List.copyOf(vocab), List.copyOf(merges));
    }

    /** Merges every (left, right) of one word left to right; updates pair counts; returns the new length. */
    private static int mergeWord(int[] s, int len, int left, int right, int merged, long count, int word,
                                 PairTable pairs, PairTable.Changes changes) {
        int out = 0;
        for (int i = 0; i < len; i++) {
            if (i + 1 < len && s[i] == left && s[i + 1] == right) {
                if (out > 0) {
                    pairs.add(s[out - 1], left, -count, -1);
                    pairs.add(s[out - 1], merged, count, word);
                    changes.touch(s[out - 1], merged);
                }
                if (i + 2 < len) {
                    pairs.add(right, s[i + 2], -count, -1);
                    pairs.add(merged, s[i + 2], count, word);
                    changes.touch(merged, s[i + 2]);
                }
                pairs.add(left, right, -count, -1);
                s[out++] = merged;
                i++;
            } else {
                s[out++] = s[i];
            }
        }
        return out;
    }

    /** The kept chars in code point order. */
    private int[] alphabet(WordCounts words) {
        Map<Integer, Long> counts = new HashMap<>();
        int[] chars = words.chars();
        for (int w = 0; w < words.size(); w++) {
            for (int i = words.start(w); i < words.end(w); i++) counts.merge(chars[i], words.count(w), Long::sum);
        }
        for (int c : initialAlphabet) counts.put(c, Long.MAX_VALUE);
        Integer[] all = counts.keySet().toArray(new Integer[0]);
        int keep = all.length;
        if (limitAlphabet > 0) keep = Math.min(all.length, limitAlphabet);
        // Most frequent first, ties by code point, so the cut is deterministic.
        Arrays.sort(all, (a, b) -> {
            int c = Long.compare(counts.get(b), counts.get(a));
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] kept = new int[keep];
        for (int i = 0; i < keep; i++) kept[i] = all[i];
        Arrays.sort(kept);
        return kept;
    }

    private static int add(String token, List<String> vocab, Map<String, Integer> ids) {
        Integer id = ids.get(token);
        if (id != null) return id;
        ids.put(token, vocab.size());
        vocab.add(token);
        return vocab.size() - 1;
    }
}
