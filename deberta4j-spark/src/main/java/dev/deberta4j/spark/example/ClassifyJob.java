package dev.deberta4j.spark.example;

import dev.deberta4j.spark.DebertaClassifier;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * Example job: classifies the texts of a Parquet file (or a text file, one text per line) and writes them with a
 * {@code label} and a {@code score} column to Parquet. The master comes from spark-submit, or from
 * {@code -Dspark.master=local[2]} when run with plain java. {@code --batch-size}/{@code --batch-tokens} set the
 * transformer's micro-batches (default: 4,096-token budgets).
 *
 * <pre>
 * spark-submit --class dev.deberta4j.spark.example.ClassifyJob --jars deberta4j-spark-all.jar deberta4j-spark-all.jar \
 *     reviews.parquet scored.parquet hdfs:///models/ko-deberta-v3-h256l6-nsmc [text-column]
 * </pre>
 */
public final class ClassifyJob {
    private ClassifyJob() {
    }

    public static void main(String[] args) {
        Deque<String> a = new ArrayDeque<>(List.of(args));
        DebertaClassifier classifier = new DebertaClassifier();
        while (!a.isEmpty() && a.peekFirst().startsWith("--")) {
            String flag = a.removeFirst();
            int value = count(flag, a.pollFirst());
            switch (flag) {
                case "--batch-size" -> classifier.setBatchSize(value);
                case "--batch-tokens" -> classifier.setBatchTokens(value);
                default -> usage("unknown option " + flag);
            }
        }
        if (a.size() < 3 || a.size() > 4) usage(null);
        String input = a.removeFirst();
        String output = a.removeFirst();
        classifier.setModel(a.removeFirst()).setInputCol(a.isEmpty() ? "text" : a.removeFirst());
        SparkSession spark = SparkSession.builder().appName("deberta4j-classify").getOrCreate();
        try {
            long start = System.nanoTime();
            long rows = run(spark, input, output, classifier);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "classified %d rows in %.1f s (%.0f rows/s) into %s%n", rows, seconds,
                    rows / seconds, output);
        } finally {
            spark.stop();
        }
    }

    private static int count(String flag, String value) {
        try {
            if (value != null && Integer.parseInt(value) >= 0) return Integer.parseInt(value);
        } catch (NumberFormatException ignored) {
            // reported below
        }
        usage(flag + " needs a count (0 or more), got " + value);
        return 0;
    }

    private static void usage(String problem) {
        if (problem != null) System.err.println("ClassifyJob: " + problem);
        System.err.println("usage: ClassifyJob [--batch-size N] [--batch-tokens N] INPUT(.parquet|.txt) OUTPUT.parquet "
                + "MODEL [TEXT_COLUMN (default text)]");
        System.exit(2);
    }

    /**
     * Reads, classifies with {@code classifier} (its model and input column set) and writes the input's columns with
     * {@code label} and {@code score}; returns the number of rows written, counted as they are written (an observed
     * metric) rather than by a second job that reads the output back. The input is split evenly over the cores
     * without a second planning of the query or a shuffle where the format allows it ({@link #evenSplits},
     * {@link #spread}).
     */
    public static long run(SparkSession spark, String input, String output, DebertaClassifier classifier) {
        String column = classifier.getInputCol();
        int cores = spark.sparkContext().defaultParallelism();
        long bytes = inputBytes(spark, input);
        boolean text = input.endsWith(".txt");
        Observation written = new Observation("written");
        try (SplitSize ignored = text ? evenSplits(spark, bytes, cores) : null) {
            Dataset<Row> texts = text
                    ? spark.read().text(input).withColumnRenamed("value", column)
                    : spread(spark.read().parquet(input), bytes, cores);
            classifier.setOutputCol("prediction").transform(texts)
                    .selectExpr("*", "prediction.label AS label", "prediction.score AS score").drop("prediction")
                    .observe(written, functions.count(functions.lit(1)).as("rows"))
                    .write().mode(SaveMode.ErrorIfExists).parquet(output);
            return (Long) written.getAsJava().get("rows");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the row count", e);
        }
    }

    /** The size in bytes of a file or of all files under a directory, through Hadoop's FileSystem. */
    static long inputBytes(SparkSession spark, String input) {
        Path path = new Path(input);
        try {
            return path.getFileSystem(spark.sparkContext().hadoopConfiguration()).getContentSummary(path).getLength();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + input + ": " + e.getMessage(), e);
        }
    }

    private static final String MAX_PARTITION_BYTES = "spark.sql.files.maxPartitionBytes";

    /** Restores {@code spark.sql.files.maxPartitionBytes} as it was before {@link #evenSplits}. */
    public interface SplitSize extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Sets the session's file split size so that text files of {@code bytes} in all are read as an even multiple of
     * {@code cores} partitions (no more than the configured split size each) until the returned handle is closed;
     * the setting must hold until the query is planned, i.e. until its action. Spark's own split size,
     * {@code min(maxPartitionBytes, max(openCostInBytes, (bytes + openCostInBytes) / cores))}, cuts a small file
     * into one full split and a sliver (a 4.4 MB file on 2 cores: 4.2 MB and 0.2 MB), and one task would do nearly
     * all the work; splitting here at read time needs neither a shuffle nor asking Spark for the partition count
     * (which plans the query a second time).
     */
    public static SplitSize evenSplits(SparkSession spark, long bytes, int cores) {
        RuntimeConfig conf = spark.conf();
        String previous = conf.contains(MAX_PARTITION_BYTES) ? conf.get(MAX_PARTITION_BYTES) : null;
        long max = spark.sessionState().conf().filesMaxPartitionBytes();
        long waves = Math.max(1, Math.ceilDiv(bytes, (long) cores * max));
        conf.set(MAX_PARTITION_BYTES, Math.max(1, Math.ceilDiv(bytes, cores * waves)));
        return () -> {
            if (previous == null) conf.unset(MAX_PARTITION_BYTES);
            else conf.set(MAX_PARTITION_BYTES, previous);
        };
    }

    /**
     * Parquet is split by row groups (128 MB by default), so a small file cannot be split evenly at read time: an
     * input of fewer than two row groups per core by its size is dealt round-robin into one partition per core.
     * Decided from the size, not by asking Spark for the partition count, which would plan the query twice.
     */
    public static Dataset<Row> spread(Dataset<Row> texts, long bytes, int cores) {
        return bytes < 2L * cores * ROW_GROUP_BYTES ? texts.repartition(cores) : texts;
    }

    private static final long ROW_GROUP_BYTES = 128L << 20;
}
