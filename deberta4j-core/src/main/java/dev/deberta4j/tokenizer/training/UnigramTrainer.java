package dev.deberta4j.tokenizer.training;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deberta4j.tokenizer.CodePointTrie;
import dev.deberta4j.tokenizer.TokenizerConfig;
import dev.deberta4j.tokenizer.TokenizerJsonWriter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Unigram language-model training as SentencePiece's {@code unigram_model_trainer} (and HF tokenizers' port) does
 * it: seed pieces ({@link SeedPieces}), then rounds of two EM sub-iterations (E: expected piece counts by
 * forward-backward over each word's lattice, weighted by word count; M: pieces expected fewer than 0.5 times
 * dropped, scores set to digamma(count) - digamma(total), the Bayesian EM that acts as a sparse prior) and a
 * pruning step that keeps the pieces whose removal would cost the corpus likelihood most (each piece's Viterbi
 * count re-assigned to its second-best segmentation), shrinking by 0.75 a round until 1.1 × the target size.
 * Finally every kept char plus the best-scoring pieces fill the vocabulary. Words are the Metaspace splits
 * (▁-prefixed) of DeBERTa-V2's normalizer; expected counts are summed in fixed point, so the result is identical
 * for every thread count.
 */
final class UnigramTrainer {
    static final int SEED_SIZE = 1_000_000;
    static final double SHRINKING_FACTOR = 0.75;
    static final int SUB_ITERATIONS = 2;
    static final double EXPECTED_FREQUENCY_THRESHOLD = 0.5;
    private static final double FIXED_POINT = 1 << 24;
    private static final int BLOCK = 4096;

    /** A trained vocabulary: learned pieces (best score first) and their log-probability scores. */
    record Model(List<String> pieces, double[] scores) {}

    private final TrainerOptions options;
    private final TrainingProgress progress;
    private final int seedSize;

    UnigramTrainer(TrainerOptions options, TrainingProgress progress) {
        this(options, progress, SEED_SIZE);
    }

    UnigramTrainer(TrainerOptions options, TrainingProgress progress, int seedSize) {
        this.options = options;
        this.progress = progress;
        this.seedSize = seedSize;
    }

    static ObjectNode normalizer() {
        return TokenizerJsonWriter.debertaV2Normalizer(false, new byte[0]);
    }

    static ObjectNode preTokenizer() {
        return TokenizerJsonWriter.debertaV2PreTokenizer(false);
    }

    /** Trains and writes spm.model + tokenizer.json (+ configs) into {@code dir}. */
    static void trainAndWrite(WordCounts words, TrainerOptions options, TrainingProgress progress, Path dir) {
        Model m = new UnigramTrainer(options, progress).train(words, options.vocabSize() - options.specials().size(),
                new HashSet<>(options.specials()));
        List<String> pieces = new ArrayList<>(options.leadingSpecials());
        double[] scores = new double[options.vocabSize()];
        for (int i = 0; i < m.pieces().size(); i++) {
            scores[pieces.size()] = m.scores()[i];
            pieces.add(m.pieces().get(i));
        }
        if (options.maskLast()) pieces.add(TrainerOptions.MASK);
        TokenizerJsonWriter.writeUnigram(dir, pieces, Arrays.copyOf(scores, pieces.size()),
                new HashSet<>(options.specials()), TrainerOptions.UNK, options.maxPieceLength(), TokenizerConfig.defaults());
    }

    /** Learns {@code size} pieces (fewer if the corpus has fewer candidates), none of them a {@code reserved} string. */
    Model train(WordCounts words, int size, java.util.Set<String> reserved) {
        int[] chars = words.chars();
        Map<Integer, Long> charCounts = new HashMap<>();
        for (int w = 0; w < words.size(); w++) {
            for (int i = words.start(w); i < words.end(w); i++) charCounts.merge(chars[i], words.count(w), Long::sum);
        }
        int[] kept = keptChars(charCounts);
        long[] keptCounts = new long[kept.length];
        for (int i = 0; i < kept.length; i++) keptCounts[i] = charCounts.get(kept[i]);
        if (kept.length > size) {
            throw new IllegalArgumentException("--vocab-size: the corpus has " + kept.length + " distinct chars, more than"
                    + " the " + size + " learned entries; raise --vocab-size or lower --limit-alphabet");
        }
        SeedPieces.Seeds seeds = SeedPieces.make(words, kept, keptCounts, options.maxPieceLength(),
                options.minFrequency(), seedSize, progress);
        progress.note(String.format(Locale.ROOT, "%,d seed pieces (%,d chars)", seeds.pieces().size(), kept.length));

        List<String> pieces = seeds.pieces();
        double[] scores = seeds.scores();
        int desired = (int) (size * 1.1);
        int rounds = estimateRounds(pieces.size(), desired);
        progress.phase("EM + pruning", rounds, " rounds");
        int round = 0;
        while (true) {
            for (int iter = 0; iter < SUB_ITERATIONS; iter++) {
                double[] expected = eStep(words, pieces, scores);
                Model next = mStep(pieces, expected);
                pieces = next.pieces();
                scores = next.scores();
            }
            if (pieces.size() <= desired) break;
            Model pruned = prune(words, pieces, scores, desired);
            pieces = pruned.pieces();
            scores = pruned.scores();
            progress.advance(Math.min(++round, rounds));
            progress.note(String.format(Locale.ROOT, "round %d: %,d pieces", round, pieces.size()));
        }
        progress.advance(rounds);
        return finish(pieces, scores, seeds, size, reserved);
    }

    private static int estimateRounds(int seeds, int desired) {
        int r = 0;
        for (double n = seeds; n > desired; n *= SHRINKING_FACTOR) r++;
        return Math.max(1, r);
    }

    private int[] keptChars(Map<Integer, Long> counts) {
        Integer[] all = counts.keySet().toArray(new Integer[0]);
        Arrays.sort(all, (a, b) -> {
            int c = Long.compare(counts.get(b), counts.get(a));
            return c != 0 ? c : Integer.compare(a, b);
        });
        int keep = options.limitAlphabet() > 0 ? Math.min(all.length, options.limitAlphabet()) : all.length;
        int[] out = new int[keep];
        for (int i = 0; i < keep; i++) out[i] = all[i];
        Arrays.sort(out);
        return out;
    }

    /** Expected count of every piece: forward-backward over every word, in parallel, summed in fixed point. */
    double[] eStep(WordCounts words, List<String> pieces, double[] scores) {
        CodePointTrie trie = UnigramLattice.trieOf(pieces);
        long[] total = new long[pieces.size()];
        int blocks = (words.size() + BLOCK - 1) / BLOCK;
        for (long[] part : parallel(options.threads(), t -> {
            UnigramLattice lattice = new UnigramLattice(trie, scores);
            long[] expected = new long[pieces.size()];
            for (int b = t; b < blocks; b += options.threads()) {
                for (int w = b * BLOCK; w < Math.min(words.size(), (b + 1) * BLOCK); w++) {
                    lattice.expect(words.chars(), words.start(w), words.end(w), words.count(w), expected, FIXED_POINT);
                }
            }
            return expected;
        })) {
            for (int i = 0; i < total.length; i++) total[i] += part[i];
        }
        double[] out = new double[total.length];
        for (int i = 0; i < out.length; i++) out[i] = total[i] / FIXED_POINT;
        return out;
    }

    /** Drops rarely expected pieces; the rest score digamma(expected) - digamma(sum). */
    static Model mStep(List<String> pieces, double[] expected) {
        List<String> kept = new ArrayList<>(pieces.size());
        double[] counts = new double[pieces.size()];
        double sum = 0;
        for (int i = 0; i < pieces.size(); i++) {
            if (expected[i] < EXPECTED_FREQUENCY_THRESHOLD) continue;
            counts[kept.size()] = expected[i];
            kept.add(pieces.get(i));
            sum += expected[i];
        }
        double logSum = digamma(sum);
        double[] scores = new double[kept.size()];
        for (int i = 0; i < scores.length; i++) scores[i] = digamma(counts[i]) - logSum;
        return new Model(kept, scores);
    }

    /** The digamma function: recurrence up to 7, then the asymptotic series (as SentencePiece computes it). */
    static double digamma(double x) {
        double result = 0;
        for (; x < 7; x++) result -= 1 / x;
        x -= 0.5;
        double xx = 1 / x;
        double xx2 = xx * xx;
        double xx4 = xx2 * xx2;
        return result + Math.log(x) + xx2 / 24 - 7.0 / 960 * xx4 + 31.0 / 8064 * xx4 * xx2 - 127.0 / 30720 * xx4 * xx4;
    }

    /**
     * Keeps the pieces whose loss of likelihood when removed is largest (SentencePiece's PruneSentencePieces):
     * a piece whose own Viterbi segmentation is split, or that no word's Viterbi path uses, goes; one without an
     * alternative segmentation stays; the rest are ranked by freq/total × (log p(piece) - Σ log p'(alternative)).
     */
    Model prune(WordCounts words, List<String> pieces, double[] scores, int desired) {
        CodePointTrie trie = UnigramLattice.trieOf(pieces);
        UnigramLattice lattice = new UnigramLattice(trie, scores);
        int n = pieces.size();
        boolean[] alwaysKeep = new boolean[n];
        int[][] alternatives = new int[n][];
        int[] buffer = new int[options.maxPieceLength() + 1];
        for (int i = 0; i < n; i++) {
            int[] cps = pieces.get(i).codePoints().toArray();
            if (buffer.length < cps.length) buffer = new int[cps.length];
            int best = lattice.viterbi(cps, 0, cps.length, -2, buffer);
            if (best >= 2) continue;   // its own best segmentation is split: safe to remove
            int second = lattice.viterbi(cps, 0, cps.length, i, buffer);
            alwaysKeep[i] = true;
            alternatives[i] = second < 0 ? new int[0] : Arrays.copyOf(buffer, second);
        }

        long[] freq = new long[n];
        long vsum = words.totalCount();
        int blocks = (words.size() + BLOCK - 1) / BLOCK;
        for (long[] part : parallel(options.threads(), t -> {
            UnigramLattice own = new UnigramLattice(trie, scores);
            long[] f = new long[n];
            int[] path = new int[16];
            for (int b = t; b < blocks; b += options.threads()) {
                for (int w = b * BLOCK; w < Math.min(words.size(), (b + 1) * BLOCK); w++) {
                    if (path.length < words.length(w)) path = new int[words.length(w) * 2];
                    int len = own.viterbi(words.chars(), words.start(w), words.end(w), -2, path);
                    for (int k = 0; k < len; k++) if (path[k] >= 0) f[path[k]] += words.count(w);
                }
            }
            return f;
        })) {
            for (int i = 0; i < n; i++) freq[i] += part[i];
        }
        double sum = 0;
        for (long f : freq) sum += f;
        double logSum = Math.log(sum);

        List<Integer> keep = new ArrayList<>();
        List<Integer> candidates = new ArrayList<>();
        double[] loss = new double[n];
        for (int i = 0; i < n; i++) {
            if (freq[i] == 0 || !alwaysKeep[i]) continue;
            if (alternatives[i].length == 0) {
                keep.add(i);
                continue;
            }
            double f = (double) freq[i] / vsum;
            double logProbPiece = Math.log(freq[i]) - logSum;
            double logSumAlt = Math.log(sum + (double) freq[i] * (alternatives[i].length - 1));
            double logProbAlt = 0;
            for (int a : alternatives[i]) {
                long fa = a >= 0 ? freq[a] : 0;
                logProbAlt += Math.log((double) fa + freq[i]) - logSumAlt;
            }
            loss[i] = f * (logProbPiece - logProbAlt);
            candidates.add(i);
        }
        candidates.sort((a, b) -> {
            int c = Double.compare(loss[b], loss[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int prunedSize = Math.max(desired, (int) (SHRINKING_FACTOR * n));
        for (int i : candidates) {
            if (keep.size() >= prunedSize) break;
            keep.add(i);
        }
        List<String> out = new ArrayList<>(keep.size());
        double[] outScores = new double[keep.size()];
        for (int k = 0; k < keep.size(); k++) {
            out.add(pieces.get(keep.get(k)));
            outScores[k] = scores[keep.get(k)];
        }
        return new Model(out, outScores);
    }

    /**
     * Every kept char (its score, or the minimum score plus a growing 0.0001 penalty when EM dropped it), then the
     * best-scoring pieces up to {@code size}, leaving out the special tokens (a piece equal to one would be a
     * duplicate); sorted by score, ties by code point order.
     */
    static Model finish(List<String> pieces, double[] scores, SeedPieces.Seeds seeds, int size,
                        java.util.Set<String> reserved) {
        Map<String, Double> model = new HashMap<>();
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < pieces.size(); i++) {
            model.put(pieces.get(i), scores[i]);
            min = Math.min(min, scores[i]);
        }
        Map<String, Double> chosen = new LinkedHashMap<>();
        double penalty = 0;
        for (String c : seeds.requiredChars()) {
            if (reserved.contains(c)) continue;
            Double s = model.get(c);
            if (s != null) {
                chosen.put(c, s);
            } else {
                chosen.put(c, min + penalty);
                penalty += 0.0001;
            }
        }
        List<Map.Entry<String, Double>> ranked = new ArrayList<>(model.entrySet());
        ranked.sort(UnigramTrainer::byScore);
        for (Map.Entry<String, Double> e : ranked) {
            if (chosen.size() >= size) break;
            if (!reserved.contains(e.getKey())) chosen.putIfAbsent(e.getKey(), e.getValue());
        }
        List<Map.Entry<String, Double>> result = new ArrayList<>(chosen.entrySet());
        result.sort(UnigramTrainer::byScore);
        List<String> outPieces = new ArrayList<>(result.size());
        double[] outScores = new double[result.size()];
        for (int i = 0; i < result.size(); i++) {
            outPieces.add(result.get(i).getKey());
            outScores[i] = result.get(i).getValue();
        }
        return new Model(outPieces, outScores);
    }

    private static int byScore(Map.Entry<String, Double> a, Map.Entry<String, Double> b) {
        int c = Double.compare(b.getValue(), a.getValue());
        return c != 0 ? c : Arrays.compare(a.getKey().codePoints().toArray(), b.getKey().codePoints().toArray());
    }

    /** Runs {@code task(t)} for t in [0, threads) and returns the results in t order. */
    private static List<long[]> parallel(int threads, java.util.function.IntFunction<long[]> task) {
        if (threads == 1) return List.of(task.apply(0));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                futures.add(pool.submit(() -> task.apply(id)));
            }
            List<long[]> out = new ArrayList<>();
            for (Future<long[]> f : futures) out.add(Futures.get(f));
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
