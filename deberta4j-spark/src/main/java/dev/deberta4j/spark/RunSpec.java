package dev.deberta4j.spark;

import dev.deberta4j.concurrent.ThreadPool;
import dev.deberta4j.pipeline.InputTooLongException;
import dev.deberta4j.pipeline.PipelineModel;
import dev.deberta4j.pipeline.PipelineOptions;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.TaskCompletionListener;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;

/**
 * A transformer's settings as the executors get them (no weights: each executor loads the model itself).
 *
 * @param batchTokens padded tokens per forward pass, 0 for no budget
 * @param batchSize   texts per forward pass, 0 for as many as the budget allows
 * @param threads     kernel threads per task, 0 for the task's {@code spark.task.cpus}
 */
record RunSpec(String location, int maxLength, boolean truncate, int batchTokens, int batchSize, int threads,
               String inputCol, TextTask task) implements Serializable {

    /** Rows whose texts are sorted and batched together; the outputs of a window keep its row order. */
    static final int WINDOW_ROWS = 1024;

    PipelineModel model() {
        PipelineModel pm = ExecutorModels.get(location, task.head());
        return maxLength > 0 ? pm.withMaxLength(maxLength) : pm;
    }

    PipelineOptions options() {
        // without a row limit the budget bounds the rows too (each row has at least one token)
        return new PipelineOptions(batchSize > 0 ? batchSize : batchTokens, true, truncate, batchTokens);
    }

    /**
     * The outputs of {@code texts}: null where a text is null or empty. Errors name a text as row
     * {@code firstRow + i} of {@code partition} (empty for the row-at-a-time UDF).
     */
    List<Object> outputs(PipelineModel pm, List<String> texts, String partition, long firstRow) {
        List<String> present = new ArrayList<>(texts.size());
        List<Integer> where = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i);
            if (t != null && !t.isEmpty()) {
                present.add(t);
                where.add(i);
            }
        }
        List<Object> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) out.add(null);
        if (present.isEmpty()) return out;
        List<?> values;
        try {
            values = task.run(pm, options(), present);
        } catch (InputTooLongException e) {
            throw new IllegalArgumentException("deberta4j: the text in column '" + inputCol + "' of " + partition + "row "
                    + (firstRow + where.get(e.index())) + " has " + e.tokens() + " tokens but the model accepts at most "
                    + e.limit() + "; setTruncate(true) cuts such texts", e);
        }
        for (int k = 0; k < values.size(); k++) out.set(where.get(k), values.get(k));
        return out;
    }

    /**
     * The rows of one partition with the output appended, computed a window at a time. A window runs inside a
     * fork-join pool of the task's own n threads, so that the tokenizer's parallel streams use those rather than
     * the JVM-wide common pool, which every task of the executor shares (on local[2] one common-pool worker served
     * both tasks, which then waited for it in turn); the kernels run on an n-thread pool of the task's as well.
     */
    Iterator<Row> partition(Iterator<Row> rows, int column) {
        TaskContext context = TaskContext.get();
        int n = threads > 0 ? threads : context != null ? context.cpus() : 1;
        ThreadPool pool = new ThreadPool(n);
        ForkJoinPool streams = new ForkJoinPool(n);
        Runnable release = () -> {
            pool.shutdown();
            streams.shutdown();
        };
        if (context != null) context.addTaskCompletionListener((TaskCompletionListener) c -> release.run());
        String partition = context != null ? "partition " + context.partitionId() + " " : "";
        PipelineModel pm = model();
        return new Iterator<>() {
            private Iterator<Row> window = java.util.Collections.emptyIterator();
            private long done;

            @Override
            public boolean hasNext() {
                if (window.hasNext()) return true;
                if (!rows.hasNext()) {
                    release.run();
                    return false;
                }
                List<Row> in = new ArrayList<>(WINDOW_ROWS);
                List<String> texts = new ArrayList<>(WINDOW_ROWS);
                while (in.size() < WINDOW_ROWS && rows.hasNext()) {
                    Row r = rows.next();
                    in.add(r);
                    texts.add(r.isNullAt(column) ? null : r.getString(column));
                }
                long first = done;
                List<Object> values = inside(streams, () -> ThreadPool.callWith(pool, () -> outputs(pm, texts, partition, first)));
                done += in.size();
                List<Row> out = new ArrayList<>(in.size());
                for (int i = 0; i < in.size(); i++) out.add(appended(in.get(i), values.get(i)));
                window = out.iterator();
                return true;
            }

            @Override
            public Row next() {
                if (!hasNext()) throw new NoSuchElementException();
                return window.next();
            }
        };
    }

    /** {@code body} run on one of {@code pool}'s threads; what it throws is rethrown as it was. */
    private static <V> V inside(ForkJoinPool pool, Supplier<V> body) {
        try {
            return pool.submit(body::get).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error r) throw r;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("deberta4j: task interrupted", e);
        }
    }

    private static Row appended(Row row, Object value) {
        Object[] values = new Object[row.length() + 1];
        for (int i = 0; i < row.length(); i++) values[i] = row.get(i);
        values[row.length()] = value;
        return RowFactory.create(values);
    }
}
