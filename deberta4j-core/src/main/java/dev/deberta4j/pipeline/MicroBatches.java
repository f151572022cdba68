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
 * Runs encodings through a model in micro-batches of {@link PipelineOptions#batchSize()}. With length sorting the
 * longest encodings go first and share batches with encodings of similar length, so little compute is spent on
 * padding; results always come back in input order.
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
        for (int from = 0; from < n; from += options.batchSize()) {
            int to = Math.min(n, from + options.batchSize());
            List<Encoding> batch = new ArrayList<>(to - from);
            for (int k = from; k < to; k++) batch.add(encodings.get(order[k]));
            ModelOutput out = model.forward(ModelInput.fromEncodings(batch, pm.padId()));
            for (int k = from; k < to; k++) {
                results.set(order[k], reader.apply(new BatchRow(out, k - from, batch.get(k - from))));
            }
        }
        return results;
    }
}
