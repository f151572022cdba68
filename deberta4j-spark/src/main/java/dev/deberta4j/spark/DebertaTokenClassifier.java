package dev.deberta4j.spark;

import dev.deberta4j.model.HeadType;
import dev.deberta4j.pipeline.AggregationStrategy;
import dev.deberta4j.pipeline.PipelineModel;
import dev.deberta4j.pipeline.PipelineOptions;
import dev.deberta4j.pipeline.TokenClassifier;
import dev.deberta4j.pipeline.TokenEntity;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Token classification (e.g. named entities) of a string column: an {@code array<struct<label, score, word, start,
 * end>>} per text, as {@link TokenClassifier} finds them with the chosen aggregation (label {@code O} left out);
 * {@code start}/{@code end} are code-point offsets in the text.
 */
public final class DebertaTokenClassifier extends DebertaTransformer<DebertaTokenClassifier> {
    private static final String[] STRATEGIES = Arrays.stream(AggregationStrategy.values())
            .map(s -> s.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);

    private final Param<String> aggregation;

    public DebertaTokenClassifier(String uid) {
        super(uid, "entities");
        aggregation = new Param<>(this, "aggregation", "how tokens become entities: " + String.join(", ", STRATEGIES),
                ParamValidators.inArray(STRATEGIES));
        setDefault(aggregation, "simple");
    }

    public DebertaTokenClassifier() {
        this(randomUid("debertaTokenClassifier"));
    }

    public Param<String> aggregation() { return aggregation; }

    public String getAggregation() { return $(aggregation); }

    /** none, simple, first, average or max (transformers' aggregation_strategy). */
    public DebertaTokenClassifier setAggregation(String v) { set(aggregation, v.toLowerCase(Locale.ROOT)); return this; }

    @Override
    TextTask task() {
        return new Task(AggregationStrategy.valueOf(getAggregation().toUpperCase(Locale.ROOT)));
    }

    public static MLReader<DebertaTokenClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static DebertaTokenClassifier load(String path) {
        return read().load(path);
    }

    private record Task(AggregationStrategy strategy) implements TextTask {
        @Override
        public HeadType head() {
            return HeadType.TOKEN_CLASSIFICATION;
        }

        @Override
        public DataType outputType() {
            StructType entity = new StructType().add("label", DataTypes.StringType).add("score", DataTypes.DoubleType)
                    .add("word", DataTypes.StringType).add("start", DataTypes.IntegerType)
                    .add("end", DataTypes.IntegerType);
            return DataTypes.createArrayType(entity, false);
        }

        @Override
        public List<?> run(PipelineModel model, PipelineOptions options, List<String> texts) {
            var found = new TokenClassifier(model, options, strategy, Set.of("O")).classify(texts);
            return found.stream().map(entities -> entities.stream().map(Task::row).toArray(Row[]::new)).toList();
        }

        private static Row row(TokenEntity e) {
            return RowFactory.create(e.label(), e.score(), e.word(), e.start(), e.end());
        }
    }
}
