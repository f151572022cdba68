package dev.deberta4j.spark;

import dev.deberta4j.model.HeadType;
import dev.deberta4j.pipeline.PipelineModel;
import dev.deberta4j.pipeline.PipelineOptions;
import dev.deberta4j.pipeline.TextClassifier;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Two executors in their own JVMs ({@code local-cluster[2,1,1024]}): the model directory is shipped with
 * {@code addFile}, each executor loads it at most once however many tasks it runs, and the results equal the Java
 * pipeline's. Spark starts the executors from {@code $SPARK_HOME} (the pom points it at target/spark-home, laid out
 * here) with the test classpath as their extra classpath.
 */
class LocalClusterTest {

    @Test
    void executorsInTheirOwnJvmsLoadTheShippedModelOnceEach() throws Exception {
        Path home = Path.of(System.getenv("SPARK_HOME"));
        Files.createDirectories(home.resolve("jars"));
        Files.writeString(home.resolve("RELEASE"), "layout for deberta4j-spark's local-cluster test\n");
        // getOrCreate would reuse the other tests' local[2] context: one SparkContext per JVM
        LocalSpark.stop();
        // shipped as spark-submit --archives nsmc.zip#nsmc does (addFile takes directories only in local mode)
        String archive = "file:" + zipped(LocalSpark.NSMC, home.resolve("nsmc.zip")) + "#nsmc";
        SparkSession spark = SparkSession.builder().master("local-cluster[2,1,1024]").appName("deberta4j-cluster")
                .config("spark.archives", archive)
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.executor.extraClassPath",
                        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")))
                .config("spark.executor.extraJavaOptions", System.getProperty("deberta4j.executorJavaOptions"))
                .config("spark.executorEnv.SPARK_SCALA_VERSION", "2.13")
                .getOrCreate();
        try {
            spark.sparkContext().setLogLevel("ERROR");
            List<String> reviews = LocalSpark.nsmcReviews().subList(0, 200);
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < reviews.size(); i++) rows.add(RowFactory.create(i, reviews.get(i)));
            StructType schema = new StructType().add("id", DataTypes.IntegerType).add("text", DataTypes.StringType);
            var df = spark.createDataFrame(rows, schema).repartition(6);

            List<Row> out = new DebertaClassifier().setModel("sparkfiles:nsmc")
                    .transform(df).collectAsList().stream().sorted(Comparator.comparingInt(r -> r.getInt(0))).toList();
            var expected = new TextClassifier(PipelineModel.load(LocalSpark.NSMC, HeadType.SEQUENCE_CLASSIFICATION),
                    PipelineOptions.defaults()).classify(reviews, 1);
            for (int i = 0; i < reviews.size(); i++) {
                assertThat(out.get(i).getStruct(2).getString(0)).isEqualTo(expected.get(i).getFirst().label());
                assertThat(out.get(i).getStruct(2).getDouble(1)).isCloseTo(expected.get(i).getFirst().score(), within(1e-5));
            }

            // what each executor JVM holds after the job's six tasks: at most one load of the one model
            List<String> executors = spark.range(0, 8, 1, 8).toDF().mapPartitions(
                    (MapPartitionsFunction<Row, String>) it -> List.of(SparkEnv.get().executorId() + " "
                            + ProcessHandle.current().pid() + " " + ExecutorModels.loads()).iterator(),
                    Encoders.STRING()).collectAsList();
            Set<String> pids = executors.stream().map(s -> s.split(" ")[1]).collect(Collectors.toSet());
            assertThat(pids).as("executor JVMs %s", executors).doesNotContain(Long.toString(ProcessHandle.current().pid()));
            assertThat(executors).allSatisfy(s -> assertThat(Integer.parseInt(s.split(" ")[2])).isLessThanOrEqualTo(1));
            int total = executors.stream().distinct().mapToInt(s -> Integer.parseInt(s.split(" ")[2])).sum();
            assertThat(total).as("loads %s", executors).isBetween(1, 2);
        } finally {
            spark.stop();
            LocalSpark.stop();
        }
    }

    /** The directory's files in a zip, under the directory's name (as {@code zip -r nsmc.zip ko-deberta-v3-h256l6-nsmc}). */
    private static String zipped(Path dir, Path zip) throws java.io.IOException {
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip));
             var files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                out.putNextEntry(new java.util.zip.ZipEntry(dir.getFileName() + "/" + f.getFileName()));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return zip.toString();
    }
}
