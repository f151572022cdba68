package dev.deberta4j.spark;

import dev.deberta4j.model.HeadType;
import dev.deberta4j.pipeline.AggregationStrategy;
import dev.deberta4j.pipeline.Embedder;
import dev.deberta4j.pipeline.LabelScore;
import dev.deberta4j.pipeline.PipelineModel;
import dev.deberta4j.pipeline.PipelineOptions;
import dev.deberta4j.pipeline.Pooling;
import dev.deberta4j.pipeline.TextClassifier;
import dev.deberta4j.pipeline.TokenClassifier;
import dev.deberta4j.pipeline.TokenEntity;
import dev.deberta4j.spark.example.ClassifyJob;
import dev.deberta4j.testing.ModelFixtures;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DebertaTransformersTest {
    private static final List<String> REVIEWS = LocalSpark.nsmcReviews().subList(0, 120);

    @TempDir Path tmp;

    /** The rows by their id column (partitions do not keep the input order across a repartition). */
    private static List<Row> byId(Dataset<Row> df) {
        return df.collectAsList().stream().sorted(Comparator.comparingInt(r -> r.getInt(0))).toList();
    }

    @Test
    void twoModelsAndThreeTasksInOneSessionEqualTheirJavaPipelines() {
        Path ner = ModelFixtures.tiny(tmp, HeadType.TOKEN_CLASSIFICATION, "O", "B-PER", "I-PER", "B-LOC", "I-LOC");
        var classifier = new DebertaClassifier().setModel(LocalSpark.NSMC.toString()).setProbabilities(true)
                .setOutputCol("sentiment");
        var embedder = new DebertaEmbedder().setModel(LocalSpark.NSMC.toString()).setPooling("cls").setNormalize(true);
        var tagger = new DebertaTokenClassifier().setModel(ner.toString()).setAggregation("none").setTruncate(true);
        List<Row> rows = byId(tagger.transform(embedder.transform(classifier.transform(LocalSpark.texts(REVIEWS, 2)))));

        PipelineModel nsmc = PipelineModel.load(LocalSpark.NSMC, HeadType.SEQUENCE_CLASSIFICATION);
        PipelineOptions options = PipelineOptions.defaults();
        var labels = new TextClassifier(nsmc, options).classify(REVIEWS, 2);
        float[][] vectors = new Embedder(PipelineModel.load(LocalSpark.NSMC, HeadType.BASE), options, Pooling.CLS, true)
                .embed(REVIEWS);
        PipelineModel nerModel = PipelineModel.load(ner, HeadType.TOKEN_CLASSIFICATION);
        var entities = new TokenClassifier(nerModel, options.withTruncate(true), AggregationStrategy.NONE, Set.of("O"))
                .classify(REVIEWS);
        for (int i = 0; i < REVIEWS.size(); i++) {
            Row r = rows.get(i);
            Row s = r.getStruct(2);
            assertThat(s.getString(0)).isEqualTo(labels.get(i).getFirst().label());
            for (LabelScore l : labels.get(i)) {
                assertThat(s.<String, Double>getJavaMap(2).get(l.label())).isCloseTo(l.score(), within(1e-5));
            }
            List<Float> v = r.getList(3);
            assertThat(v).hasSize(vectors[i].length);
            for (int d = 0; d < v.size(); d++) assertThat(v.get(d)).isCloseTo(vectors[i][d], within(1e-5f));
            List<Row> found = r.getList(4);
            assertThat(found).hasSize(entities.get(i).size());
            for (int k = 0; k < found.size(); k++) {
                TokenEntity e = entities.get(i).get(k);
                Row f = found.get(k);
                assertThat(List.of(f.getString(0), f.getString(2), f.getInt(3), f.getInt(4)))
                        .isEqualTo(List.of(e.label(), e.word(), e.start(), e.end()));
                assertThat(f.getDouble(1)).isCloseTo(e.score(), within(1e-5));
            }
        }
        int loaded = ExecutorModels.loadedCount();
        classifier.transform(LocalSpark.texts(REVIEWS, 2)).count();
        assertThat(ExecutorModels.loadedCount()).as("a second job reuses the executor's model").isEqualTo(loaded);
    }

    @Test
    void nullAndEmptyTextsGiveNullAndOverLongTextsFailWithTheLimitUnlessTruncated() {
        String longText = "배우들의 연기가 정말 좋았고 음악도 훌륭했다 다시 보고 싶은 영화";
        List<String> texts = Arrays.asList("좋아요", null, "", longText);
        var classifier = new DebertaClassifier().setModel(LocalSpark.NSMC.toString()).setMaxLength(8);
        assertThatThrownBy(() -> classifier.transform(LocalSpark.texts(texts, 1)).collectAsList())
                .hasStackTraceContaining("the text in column 'text' of partition 0 row 3 has")
                .hasStackTraceContaining("accepts at most 8; setTruncate(true) cuts such texts");

        List<Row> rows = byId(classifier.setTruncate(true).transform(LocalSpark.texts(texts, 1)));
        assertThat(rows.get(1).isNullAt(2)).isTrue();
        assertThat(rows.get(2).isNullAt(2)).isTrue();
        var cut = new TextClassifier(PipelineModel.load(LocalSpark.NSMC, HeadType.SEQUENCE_CLASSIFICATION)
                .withMaxLength(8), PipelineOptions.defaults().withTruncate(true)).classify(List.of("좋아요", longText), 1);
        assertThat(rows.get(0).getStruct(2).getDouble(1)).isCloseTo(cut.get(0).getFirst().score(), within(1e-5));
        assertThat(rows.get(3).getStruct(2).getDouble(1)).isCloseTo(cut.get(1).getFirst().score(), within(1e-5));

        var embedder = new DebertaEmbedder().setModel(LocalSpark.NSMC.toString());
        assertThat(byId(embedder.transform(LocalSpark.texts(texts.subList(0, 3), 2)))).extracting(r -> r.isNullAt(2))
                .containsExactly(false, true, true);
        assertThatThrownBy(() -> embedder.setInputCol("id").transform(LocalSpark.texts(texts, 1)))
                .hasMessage("input column 'id' must be a string, found int");
    }

    @Test
    void pipelinesWithTheTransformersSaveAndLoad() throws Exception {
        Dataset<Row> df = LocalSpark.texts(REVIEWS.subList(0, 40), 2);
        var pipeline = new Pipeline().setStages(new PipelineStage[]{
                new DebertaClassifier().setModel(LocalSpark.NSMC.toString()).setBatchTokens(512).setOutputCol("c"),
                new DebertaEmbedder().setModel(LocalSpark.NSMC.toString()).setPooling("mean").setThreads(1)});
        String saved = tmp.resolve("pipeline").toString();
        pipeline.write().overwrite().save(saved);
        Pipeline loaded = Pipeline.load(saved);
        var first = (DebertaClassifier) loaded.getStages()[0];
        assertThat(first.getBatchTokens()).isEqualTo(512);
        assertThat(first.getOutputCol()).isEqualTo("c");
        assertThat(((DebertaEmbedder) loaded.getStages()[1]).getThreads()).isEqualTo(1);

        org.apache.spark.ml.PipelineModel fitted = loaded.fit(df);
        String savedModel = tmp.resolve("model").toString();
        fitted.write().save(savedModel);
        List<Row> again = byId(org.apache.spark.ml.PipelineModel.load(savedModel).transform(df));
        assertThat(again).isEqualTo(byId(pipeline.fit(df).transform(df)));

        var classifier = new DebertaClassifier().setModel("file:" + LocalSpark.NSMC).setProbabilities(true);
        classifier.write().save(tmp.resolve("classifier").toString());
        assertThat(DebertaClassifier.load(tmp.resolve("classifier").toString()).getProbabilities()).isTrue();
    }

    @Test
    void sqlFunctionsAndShippedModelDirectoriesGiveTheTransformersResults() {
        var spark = LocalSpark.session();
        spark.sparkContext().addFile(LocalSpark.NSMC.toString(), true);
        Dataset<Row> df = LocalSpark.texts(Arrays.asList(REVIEWS.get(0), REVIEWS.get(1), null), 1);
        List<Row> expected = byId(new DebertaClassifier().setModel(LocalSpark.NSMC.toString()).transform(df));

        var shipped = new DebertaClassifier().setModel("sparkfiles:" + LocalSpark.NSMC.getFileName());
        assertThat(byId(shipped.transform(df))).isEqualTo(expected);
        DebertaUdfs.register(spark, "sentiment", shipped);
        df.createOrReplaceTempView("reviews");
        List<Row> sql = spark.sql("SELECT id, text, sentiment(text) FROM reviews").collectAsList().stream()
                .sorted(Comparator.comparingInt(r -> r.getInt(0))).toList();
        List<Object> got = new ArrayList<>();
        for (Row r : sql) got.add(r.get(2));
        assertThat(got.get(2)).isNull();
        for (int i = 0; i < 2; i++) {
            assertThat(((Row) got.get(i)).getString(0)).isEqualTo(expected.get(i).getStruct(2).getString(0));
            assertThat(((Row) got.get(i)).getDouble(1)).isCloseTo(expected.get(i).getStruct(2).getDouble(1), within(1e-5));
        }
    }

    @Test
    void theExampleJobSplitsATextInputEvenlyOverTheCoresAtReadTime() throws java.io.IOException {
        Path file = tmp.resolve("reviews.txt");
        java.nio.file.Files.write(file, LocalSpark.nsmcReviews());
        var spark = LocalSpark.session();
        long bytes = java.nio.file.Files.size(file);
        // Spark's own split of a small file is one full split and a sliver (4.2 MB + 0.2 MB for a 4.4 MB file on 2
        // cores); forced here by a split size of 90 % of the file
        spark.conf().set("spark.sql.files.maxPartitionBytes", bytes * 9 / 10);
        try {
            List<Long> split = rowsPerPartition(spark.read().text(file.toString()));
            assertThat(split).hasSize(2);
            assertThat(split.get(1)).isLessThan(200L);
            try (var even = ClassifyJob.evenSplits(spark, bytes, 2)) {
                // split by bytes: halves of the file, within a few reviews' length of 500 rows each
                assertThat(rowsPerPartition(spark.read().text(file.toString())))
                        .hasSize(2).allSatisfy(n -> assertThat(n).isBetween(450L, 550L));
            }
            assertThat(spark.conf().get("spark.sql.files.maxPartitionBytes")).isEqualTo(Long.toString(bytes * 9 / 10));
        } finally {
            spark.conf().unset("spark.sql.files.maxPartitionBytes");
        }
    }

    @Test
    void theExampleJobSpreadsASmallParquetInputOverTheCores() {
        Dataset<Row> one = LocalSpark.texts(LocalSpark.nsmcReviews(), 1);
        // round-robin from a random start: equal up to one row
        assertThat(rowsPerPartition(ClassifyJob.spread(one, 4L << 20, 2)))
                .hasSize(2).allSatisfy(n -> assertThat(n).isBetween(499L, 501L));
        assertThat(ClassifyJob.spread(one, 1L << 30, 2)).isSameAs(one);
    }

    private static List<Long> rowsPerPartition(Dataset<Row> df) {
        return df.toJavaRDD().mapPartitions(rows -> {
            long n = 0;
            for (; rows.hasNext(); rows.next()) n++;
            return List.of(n).iterator();
        }).collect();
    }

    @Test
    void theExampleJobReadsParquetAndWritesLabelsAndScores() {
        Dataset<Row> df = LocalSpark.texts(Arrays.asList(REVIEWS.get(0), null, REVIEWS.get(2)), 1);
        String in = tmp.resolve("in.parquet").toString();
        String out = tmp.resolve("out.parquet").toString();
        df.write().parquet(in);
        long rows = ClassifyJob.run(LocalSpark.session(), in, out,
                new DebertaClassifier().setModel(LocalSpark.NSMC.toString()).setInputCol("text"));
        assertThat(rows).isEqualTo(3);
        List<Row> written = byId(LocalSpark.session().read().parquet(out));
        List<Row> expected = byId(new DebertaClassifier().setModel(LocalSpark.NSMC.toString()).transform(df));
        assertThat(written.get(0).schema().fieldNames()).containsExactly("id", "text", "label", "score");
        for (int i = 0; i < 3; i++) {
            Row e = expected.get(i);
            assertThat(written.get(i).get(2)).isEqualTo(e.isNullAt(2) ? null : e.getStruct(2).getString(0));
            // batches may differ (the job repartitions a one-partition input): equal up to float rounding
            if (e.isNullAt(2)) assertThat(written.get(i).isNullAt(3)).isTrue();
            else assertThat(written.get(i).getDouble(3)).isCloseTo(e.getStruct(2).getDouble(1), within(1e-5));
        }
    }
}
