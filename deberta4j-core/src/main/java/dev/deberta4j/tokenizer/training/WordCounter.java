package dev.deberta4j.tokenizer.training;

import dev.deberta4j.corpus.TextCorpus;
import dev.deberta4j.tokenizer.WordSplitter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Counts the words of a corpus (as a {@link WordSplitter} cuts them) in bounded memory. Documents are grouped in
 * fixed chunks of {@value #CHUNK_DOCUMENTS}; worker threads count chunks and the chunk tables are merged in corpus
 * order, so the result does not depend on the thread count. When the merged table passes {@code maxWords}
 * distinct words it is pruned: the words seen at most t times are dropped, t = 1, 2, ... until at most 3/4 of the
 * cap remain. A pruned word may come back later with only its later count, so counts of rare words are
 * approximate on corpora with more distinct words than the cap; frequent words are exact.
 */
public final class WordCounter {
    static final int CHUNK_DOCUMENTS = 1024;

    private final WordSplitter splitter;
    private final int threads;
    private final int maxWords;
    private long pruneThreshold;

    public WordCounter(WordSplitter splitter, int threads, int maxWords) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, found " + threads);
        if (maxWords < 16) throw new IllegalArgumentException("maxWords must be >= 16, found " + maxWords);
        this.splitter = splitter;
        this.threads = threads;
        this.maxWords = maxWords;
    }

    /** The highest count pruned away (0 when the table never passed the cap). */
    public long pruneThreshold() { return pruneThreshold; }

    public WordCounts count(TextCorpus corpus, TrainingProgress progress) {
        progress.phase("count words", corpus.sizeOnDisk(), " B");
        Map<String, Long> total = new HashMap<>();
        ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "word-counter");
            t.setDaemon(true);
            return t;
        }) : null;
        ArrayDeque<Future<Map<String, Long>>> inFlight = new ArrayDeque<>();
        List<String> chunk = new ArrayList<>(CHUNK_DOCUMENTS);
        try {
            corpus.forEachDocument((file, line, text) -> {
                chunk.add(text);
                if (chunk.size() == CHUNK_DOCUMENTS) {
                    submit(List.copyOf(chunk), pool, inFlight, total);
                    chunk.clear();
                }
            }, progress::advance);
            if (!chunk.isEmpty()) submit(List.copyOf(chunk), pool, inFlight, total);
            while (!inFlight.isEmpty()) merge(total, Futures.get(inFlight.poll()));
        } finally {
            if (pool != null) pool.shutdownNow();
        }
        if (total.isEmpty()) throw new IllegalArgumentException("the corpus holds no words to train on");
        return WordCounts.of(total);
    }

    private void submit(List<String> documents, ExecutorService pool, ArrayDeque<Future<Map<String, Long>>> inFlight,
                        Map<String, Long> total) {
        if (pool == null) {
            merge(total, countChunk(documents));
            return;
        }
        inFlight.add(pool.submit(() -> countChunk(documents)));
        // Bounded read-ahead: the reader waits for the oldest chunk, which also keeps merges in corpus order.
        while (inFlight.size() > 2 * threads) merge(total, Futures.get(inFlight.poll()));
    }

    private Map<String, Long> countChunk(List<String> documents) {
        Map<String, Long> counts = new HashMap<>();
        for (String d : documents) splitter.split(d, w -> counts.merge(w, 1L, Long::sum));
        return counts;
    }

    private void merge(Map<String, Long> total, Map<String, Long> chunk) {
        for (Map.Entry<String, Long> e : chunk.entrySet()) total.merge(e.getKey(), e.getValue(), Long::sum);
        if (total.size() > maxWords) prune(total);
    }

    private void prune(Map<String, Long> total) {
        long t = 0;
        while (total.size() > maxWords / 4 * 3) {
            t++;
            for (Iterator<Long> it = total.values().iterator(); it.hasNext(); ) if (it.next() <= t) it.remove();
        }
        pruneThreshold = Math.max(pruneThreshold, t);
    }
}
