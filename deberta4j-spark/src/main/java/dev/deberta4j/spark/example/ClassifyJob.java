package dev.deberta4j.spark.example;

import dev.deberta4j.spark.DebertaClassifier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import java.util.Locale;

/**
 * Example job: classifies the texts of a Parquet file (or a text file, one text per line) and writes them with a
 * {@code label} and a {@code score} column to Parquet. The master comes from spark-submit, or from
 * {@code -Dspark.master=local[2]} when run with plain java.
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
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: ClassifyJob INPUT(.parquet|.txt) OUTPUT.parquet MODEL [TEXT_COLUMN (default text)]");
            System.exit(2);
        }
        String input = args[0];
        String output = args[1];
        String model = args[2];
        String column = args.length == 4 ? args[3] : "text";
        SparkSession spark = SparkSession.builder().appName("deberta4j-classify").getOrCreate();
        try {
            long start = System.nanoTime();
            long rows = run(spark, input, output, model, column);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "classified %d rows in %.1f s (%.0f rows/s) into %s%n", rows, seconds,
                    rows / seconds, output);
        } finally {
            spark.stop();
        }
    }

    /** Reads, classifies and writes; returns the number of rows written. */
    public static long run(SparkSession spark, String input, String output, String model, String column) {
        Dataset<Row> texts = input.endsWith(".txt")
                ? spark.read().text(input).withColumnRenamed("value", column)
                : spark.read().parquet(input);
        new DebertaClassifier().setModel(model).setInputCol(column).setOutputCol("prediction").transform(spread(texts, spark.sparkContext().defaultParallelism()))
                .selectExpr("*", "prediction.label AS label", "prediction.score AS score").drop("prediction")
                .write().mode(SaveMode.ErrorIfExists).parquet(output);
        return spark.read().parquet(output).count();
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
