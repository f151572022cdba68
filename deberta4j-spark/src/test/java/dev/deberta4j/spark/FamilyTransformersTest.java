package dev.deberta4j.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.finetune.ModelDirectory;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.WeightInitializer;
import dev.deberta4j.pipeline.Embedder;
import dev.deberta4j.pipeline.LabelScore;
import dev.deberta4j.pipeline.PipelineModel;
import dev.deberta4j.pipeline.PipelineOptions;
import dev.deberta4j.pipeline.Pooling;
import dev.deberta4j.pipeline.TextClassifier;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The Spark transformers on a KoELECTRA-shaped model (tiny ELECTRA, embedding_size below hidden_size). */
class FamilyTransformersTest {
    private static final List<String> REVIEWS = LocalSpark.nsmcReviews().subList(0, 40);
    @TempDir Path tmp;

    private Path electra(HeadType head, int labels) {
        ObjectNode c = new ObjectMapper().createObjectNode();
        // vocab_size: the bundled model's tokenizer, whose files the directory gets
        c.put("model_type", "electra").put("vocab_size", 16000).put("embedding_size", 16).put("hidden_size", 32)
                .put("num_hidden_layers", 2).put("num_attention_heads", 2).put("intermediate_size", 64)
                .put("max_position_embeddings", 64);
        DebertaConfig config = DebertaConfig.fromJson(c);
        if (labels > 0) config = config.with(java.util.Map.of("num_labels", labels));
        Path dir = tmp.resolve(head.cliName());
        ModelDirectory.write(dir, config, head, WeightInitializer.initialise(config, head, 5), LocalSpark.NSMC);
        return dir;
    }

    @Test
    void classifierAndEmbedderRunAnElectraModelAsTheJavaPipelinesDo() {
        Path cls = electra(HeadType.SEQUENCE_CLASSIFICATION, 2);
        Path base = electra(HeadType.BASE, 0);
        var classifier = new DebertaClassifier().setModel(cls.toString()).setProbabilities(true).setTruncate(true)
                .setOutputCol("label");
        var embedder = new DebertaEmbedder().setModel(base.toString()).setPooling("mean").setTruncate(true);
        List<Row> rows = embedder.transform(classifier.transform(LocalSpark.texts(REVIEWS, 2))).collectAsList().stream()
                .sorted(Comparator.comparingInt(r -> r.getInt(0))).toList();
        PipelineOptions options = PipelineOptions.defaults().withTruncate(true);
        var labels = new TextClassifier(PipelineModel.load(cls, HeadType.SEQUENCE_CLASSIFICATION), options)
                .classify(REVIEWS, 2);
        float[][] vectors = new Embedder(PipelineModel.load(base, HeadType.BASE), options, Pooling.MEAN, false)
                .embed(REVIEWS);
        assertThat(rows).hasSize(REVIEWS.size());
        for (int i = 0; i < REVIEWS.size(); i++) {
            Row s = rows.get(i).getStruct(2);
            assertThat(s.getString(0)).isEqualTo(labels.get(i).getFirst().label());
            for (LabelScore l : labels.get(i)) {
                assertThat(s.<String, Double>getJavaMap(2).get(l.label())).isCloseTo(l.score(), within(1e-5));
            }
            List<Float> v = rows.get(i).getList(3);
            assertThat(v).hasSize(32);
            for (int d = 0; d < v.size(); d++) assertThat(v.get(d)).isCloseTo(vectors[i][d], within(1e-5f));
        }
    }
}
