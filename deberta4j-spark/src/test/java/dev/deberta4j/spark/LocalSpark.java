package dev.deberta4j.spark;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.finetune.ModelDirectory;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.ModelShapes;
import dev.deberta4j.model.WeightInitializer;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tests' shared local[2] session, their models and data. */
final class LocalSpark {
    /** The bundled Korean sentiment model (DebertaV2ForSequenceClassification, negative/positive, 512 tokens). */
    static final Path NSMC = Path.of("../models/nsmc-sentiment-small").toAbsolutePath().normalize();

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

    /** A tiny DeBERTa-V3 (hidden 32, 2 layers, 64 positions) with random weights and the NSMC model's tokenizer. */
    static Path tiny(Path parent, HeadType head, String... labels) {
        try {
            Path dir = parent.resolve(head.cliName());
            Files.createDirectories(dir);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("vocab_size", 8000);
            fields.put("max_position_embeddings", 64);
            fields.put("position_buckets", 32);
            fields.put("architectures", List.of(head.architecture()));
            Map<String, String> id2label = new LinkedHashMap<>();
            for (int i = 0; i < labels.length; i++) id2label.put(Integer.toString(i), labels[i]);
            fields.put("id2label", id2label);
            fields.put("label2id", Map.of());
            DebertaConfig c = ModelShapes.v3(32, 2, 2, 64).with(fields);
            ModelDirectory.write(dir, c, head, WeightInitializer.initialise(c, head, 7), NSMC);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
