package dev.deberta4j.spark;

import dev.deberta4j.model.HeadType;
import dev.deberta4j.pipeline.LabelScore;
import dev.deberta4j.pipeline.PipelineModel;
import dev.deberta4j.pipeline.PipelineOptions;
import dev.deberta4j.pipeline.TextClassifier;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Text classification of a string column with a sequence-classification model: the output is a struct of the best
 * {@code label} and its {@code score} (as {@link TextClassifier} scores them), plus a {@code probabilities} map of
 * every label when {@link #setProbabilities} is on.
 *
 * <pre>{@code
 * Dataset<Row> scored = new DebertaClassifier().setModel("hdfs:///models/nsmc").setInputCol("review")
 *         .setOutputCol("sentiment").transform(reviews);
 * }</pre>
 */
public final class DebertaClassifier extends DebertaTransformer<DebertaClassifier> {
    private final BooleanParam probabilities;

    public DebertaClassifier(String uid) {
        super(uid, "prediction");
        probabilities = new BooleanParam(this, "probabilities", "also output the score of every label");
        setDefault(probabilities, false);
    }

    public DebertaClassifier() {
        this(randomUid("debertaClassifier"));
    }

    public BooleanParam probabilities() { return probabilities; }

    public boolean getProbabilities() { return (Boolean) $(probabilities); }

    public DebertaClassifier setProbabilities(boolean v) { set(probabilities, v); return this; }

    @Override
    TextTask task() {
        return new Task(getProbabilities());
    }

    public static MLReader<DebertaClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static DebertaClassifier load(String path) {
        return read().load(path);
    }

    private record Task(boolean probabilities) implements TextTask {
        @Override
        public HeadType head() {
            return HeadType.SEQUENCE_CLASSIFICATION;
        }

        @Override
        public DataType outputType() {
            StructType t = new StructType().add("label", DataTypes.StringType).add("score", DataTypes.DoubleType);
            return probabilities
                    ? t.add("probabilities", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType)) : t;
        }

        @Override
        public List<?> run(PipelineModel model, PipelineOptions options, List<String> texts) {
            var ranked = new TextClassifier(model, options).classify(texts, probabilities ? Integer.MAX_VALUE : 1);
            return ranked.stream().map(this::row).toList();
        }

        private Object row(List<LabelScore> ranked) {
            LabelScore best = ranked.getFirst();
            if (!probabilities) return RowFactory.create(best.label(), best.score());
            Map<String, Double> all = new LinkedHashMap<>();
            for (LabelScore s : ranked) all.put(s.label(), s.score());
            return RowFactory.create(best.label(), best.score(), scala.jdk.javaapi.CollectionConverters.asScala(all));
        }
    }
}
