package dev.deberta4j.spark;

import dev.deberta4j.model.HeadType;
import dev.deberta4j.pipeline.Embedder;
import dev.deberta4j.pipeline.PipelineModel;
import dev.deberta4j.pipeline.PipelineOptions;
import dev.deberta4j.pipeline.Pooling;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Sentence embeddings of a string column as {@code array<float>}: mean or CLS pooling of the last hidden state,
 * optionally L2-normalised, as {@link Embedder} computes them. Only the model's backbone is loaded.
 */
public final class DebertaEmbedder extends DebertaTransformer<DebertaEmbedder> {
    private final Param<String> pooling;
    private final BooleanParam normalize;

    public DebertaEmbedder(String uid) {
        super(uid, "embedding");
        pooling = new Param<>(this, "pooling", "mean or cls", ParamValidators.inArray(new String[]{"mean", "cls"}));
        normalize = new BooleanParam(this, "normalize", "L2-normalise the vectors");
        setDefault(pooling, "mean");
        setDefault(normalize, false);
    }

    public DebertaEmbedder() {
        this(randomUid("debertaEmbedder"));
    }

    public Param<String> pooling() { return pooling; }

    public BooleanParam normalize() { return normalize; }

    public String getPooling() { return $(pooling); }

    public boolean getNormalize() { return (Boolean) $(normalize); }

    /** {@code mean} or {@code cls}. */
    public DebertaEmbedder setPooling(String v) { set(pooling, v.toLowerCase(Locale.ROOT)); return this; }

    public DebertaEmbedder setNormalize(boolean v) { set(normalize, v); return this; }

    @Override
    TextTask task() {
        return new Task(Pooling.valueOf(getPooling().toUpperCase(Locale.ROOT)), getNormalize());
    }

    public static MLReader<DebertaEmbedder> read() {
        return new DefaultParamsReader<>();
    }

    public static DebertaEmbedder load(String path) {
        return read().load(path);
    }

    private record Task(Pooling pooling, boolean normalize) implements TextTask {
        @Override
        public HeadType head() {
            return HeadType.BASE;
        }

        @Override
        public DataType outputType() {
            return DataTypes.createArrayType(DataTypes.FloatType, false);
        }

        @Override
        public List<?> run(PipelineModel model, PipelineOptions options, List<String> texts) {
            return Arrays.asList(new Embedder(model, options, pooling, normalize).embed(texts));
        }
    }
}
