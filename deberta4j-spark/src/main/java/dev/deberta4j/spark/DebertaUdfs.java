package dev.deberta4j.spark;

import dev.deberta4j.concurrent.ThreadPool;
import dev.deberta4j.pipeline.PipelineModel;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;

import java.util.Collections;

/**
 * Spark SQL functions over the transformers' settings, for SQL users:
 *
 * <pre>{@code
 * DebertaUdfs.register(spark, "sentiment", new DebertaClassifier().setModel("/models/nsmc"));
 * spark.sql("SELECT review, sentiment(review).label FROM reviews");
 * }</pre>
 *
 * <p>This is the slower, row-at-a-time path: every text is its own forward pass on one thread, without the
 * length-sorted micro-batches of {@link DebertaTransformer#transform}. The model is still loaded once per executor
 * JVM. Prefer the transformers for bulk work.
 */
public final class DebertaUdfs {
    private DebertaUdfs() {
    }

    /** Registers {@code name(text)}, returning the transformer's output type (null for a null or empty text). */
    public static void register(SparkSession spark, String name, DebertaTransformer<?> transformer) {
        RunSpec spec = transformer.spec();
        spark.udf().register(name, new RowAtATime(spec), spec.task().outputType());
    }

    /** One text per call; the executor's model is looked up once per function instance. */
    private static final class RowAtATime implements UDF1<String, Object> {
        /** One thread: a parallelFor of a 1-thread pool runs on the caller (tasks already run in parallel). */
        private static final ThreadPool CALLER_ONLY = new ThreadPool(1);
        private final RunSpec spec;
        private transient volatile PipelineModel model;

        RowAtATime(RunSpec spec) {
            this.spec = spec;
        }

        @Override
        public Object call(String text) {
            if (text == null || text.isEmpty()) return null;
            PipelineModel pm = model;
            if (pm == null) model = pm = spec.model();
            PipelineModel loaded = pm;
            return ThreadPool.callWith(CALLER_ONLY,
                    () -> spec.outputs(loaded, Collections.singletonList(text), "", 0).getFirst());
        }
    }
}
