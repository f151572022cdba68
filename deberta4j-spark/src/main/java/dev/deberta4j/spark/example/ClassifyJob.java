package dev.deberta4j.spark.example;

import dev.deberta4j.spark.DebertaClassifier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

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
 *     reviews.parquet scored.parquet hdfs:///models/nsmc-sentiment-small [text-column]
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
     * metric) rather than by a second job that reads the output back.
     */
    public static long run(SparkSession spark, String input, String output, DebertaClassifier classifier) {
        String column = classifier.getInputCol();
        Dataset<Row> texts = input.endsWith(".txt")
                ? spark.read().text(input).withColumnRenamed("value", column)
                : spark.read().parquet(input);
        Observation written = new Observation("written");
        classifier.setOutputCol("prediction").transform(spread(texts, spark.sparkContext().defaultParallelism()))
                .selectExpr("*", "prediction.label AS label", "prediction.score AS score").drop("prediction")
                .observe(written, functions.count(functions.lit(1)).as("rows"))
                .write().mode(SaveMode.ErrorIfExists).parquet(output);
        try {
            return (Long) written.getAsJava().get("rows");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the row count", e);
        }
    }

    /**
     * The input dealt round-robin into one partition per core when it has fewer than two per core. Files are split
     * by bytes, so a small input is one partition, or one full split and a sliver (a 4.4 MB text file on 2 cores:
     * 4.2 MB and 0.2 MB), and one task would do nearly all the work while the other cores idle.
     */
    public static Dataset<Row> spread(Dataset<Row> texts, int cores) {
        return texts.rdd().getNumPartitions() < 2 * cores ? texts.repartition(cores) : texts;
    }
}
