package dev.deberta4j.pipeline;

import dev.deberta4j.model.DebertaModel;
import dev.deberta4j.model.ModelInput;
import dev.deberta4j.model.ModelOutput;
import dev.deberta4j.tokenizer.Encoding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Runs encodings through a model in micro-batches of at most {@link PipelineOptions#batchSize()} rows and, with a
 * {@link PipelineOptions#batchTokens()} budget, at most that many padded tokens. With length sorting the longest
 * encodings go first and share batches with encodings of similar length, so little compute is spent on padding;
 * results always come back in input order.
 */
final class MicroBatches {
    private MicroBatches() {
    }

    static <R> List<R> run(PipelineModel pm, List<Encoding> encodings, PipelineOptions options,
                           Function<BatchRow, R> reader) {
        int n = encodings.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        if (options.sortByLength()) {
            Arrays.sort(order, Comparator.comparingInt((Integer i) -> encodings.get(i).length()).reversed());
        }
        DebertaModel model = pm.model();
        List<R> results = new ArrayList<>(n);
        for (int i = 0; i < n; i++) results.add(null);
        for (int from = 0, to; from < n; from = to) {
            to = batchEnd(encodings, order, from, options);
            List<Encoding> batch = new ArrayList<>(to - from);
            for (int k = from; k < to; k++) batch.add(encodings.get(order[k]));
            ModelOutput out = model.forward(ModelInput.fromEncodings(batch, pm.padId()));
            for (int k = from; k < to; k++) {
                results.set(order[k], reader.apply(new BatchRow(out, k - from, batch.get(k - from))));
            }
        }
        return results;
    }

    /** End (exclusive, in {@code order}) of the micro-batch starting at {@code from}; it holds at least one row. */
    static int batchEnd(List<Encoding> encodings, Integer[] order, int from, PipelineOptions options) {
        int limit = Math.min(encodings.size(), from + options.batchSize());
        if (options.batchTokens() == 0) return limit;
        int longest = encodings.get(order[from]).length();
        int to = from + 1;
        while (to < limit) {
            int padded = Math.max(longest, encodings.get(order[to]).length());
            if ((long) padded * (to - from + 1) > options.batchTokens()) break;
            longest = padded;
            to++;
        }
        return to;
    }
}
