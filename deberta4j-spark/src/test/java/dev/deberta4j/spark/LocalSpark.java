package dev.deberta4j.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The tests' shared local[2] session, their models and data. */
final class LocalSpark {
    /**
     * The bundled Korean sentiment model (DebertaV2ForSequenceClassification, hidden 256, negative/positive, 512
     * tokens, a 16,000-piece vocabulary).
     */
    static final Path NSMC = Path.of("../models/ko-deberta-v3-h256l6-nsmc").toAbsolutePath().normalize();

    private static SparkSession session;

    private LocalSpark() {
    }

    static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder().master("local[2]").appName("deberta4j-spark-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .getOrCreate();
            session.sparkContext().setLogLevel("ERROR");
        }
        return session;
    }

    /** Stops the shared session (a JVM runs one SparkContext at a time); the next {@link #session()} starts anew. */
    static synchronized void stop() {
        if (session != null) {
            session.stop();
            session = null;
        }
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
    }

    /**
     * The first 1,000 reviews of the NSMC test split (github.com/e9t/nsmc, CC0), one per line, as the tests'
     * resource: a clone without ../shared runs the same comparison.
     */
    static List<String> nsmcReviews() {
        try {
            return Files.readAllLines(Path.of(LocalSpark.class.getResource("/nsmc-test-1000.txt").toURI()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A DataFrame (id int, text string) of the texts in order, in {@code partitions} partitions. */
    static Dataset<Row> texts(List<String> texts, int partitions) {
        List<Row> rows = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) rows.add(RowFactory.create(i, texts.get(i)));
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("text", DataTypes.StringType);
        return session().createDataFrame(rows, schema).repartition(partitions);
    }
}
