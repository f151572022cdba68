package dev.deberta4j.spark;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;

/**
 * What the three transformers share: a string input column, an output column, the model location and how texts
 * are batched. Each partition is read in windows of rows whose texts are run length-sorted in micro-batches under
 * {@link #setBatchTokens a token budget}; the outputs keep the row order. The model is loaded once per executor JVM
 * ({@link ExecutorModels}) and never broadcast. Null or empty texts give a null output; a text over the model's
 * limit fails its task with the limit named, unless {@link #setTruncate truncation} is on.
 */
public abstract class DebertaTransformer<T extends DebertaTransformer<T>> extends Transformer implements DefaultParamsWritable {
    private final String uid;
    private final Param<String> inputCol;
    private final Param<String> outputCol;
    private final Param<String> model;
    private final IntParam batchTokens;
    private final IntParam batchSize;
    private final IntParam maxLength;
    private final BooleanParam truncate;
    private final IntParam threads;

    protected DebertaTransformer(String uid, String defaultOutputCol) {
        this.uid = uid;
        inputCol = new Param<>(this, "inputCol", "column of texts (string)");
        outputCol = new Param<>(this, "outputCol", "column the results go to");
        model = new Param<>(this, "model", "model directory: a local path, a Hadoop FileSystem URI (hdfs://, s3a://, "
                + "file:) or sparkfiles:NAME for a directory added with SparkContext.addFile(dir, true)");
        batchTokens = new IntParam(this, "batchTokens", "padded tokens per forward pass (rows x longest row), 0 for "
                + "no budget (then batchSize bounds the passes)", ParamValidators.gtEq(0));
        batchSize = new IntParam(this, "batchSize", "texts per forward pass, 0 for as many as the token budget allows",
                ParamValidators.gtEq(0));
        maxLength = new IntParam(this, "maxLength", "token limit below the model's own, 0 for the model's",
                ParamValidators.gtEq(0));
        truncate = new BooleanParam(this, "truncate", "cut over-long texts at the limit instead of failing");
        threads = new IntParam(this, "threads", "kernel threads per task, 0 to follow spark.task.cpus",
                ParamValidators.gtEq(0));
        setDefault(inputCol, "text");
        setDefault(outputCol, defaultOutputCol);
        setDefault(batchTokens, 4096);
        setDefault(batchSize, 0);
        setDefault(maxLength, 0);
        setDefault(truncate, false);
        setDefault(threads, 0);
    }

    static String randomUid(String prefix) {
        return Identifiable$.MODULE$.randomUID(prefix);
    }

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> inputCol() { return inputCol; }

    public Param<String> outputCol() { return outputCol; }

    public Param<String> model() { return model; }

    public IntParam batchTokens() { return batchTokens; }

    public IntParam batchSize() { return batchSize; }

    public IntParam maxLength() { return maxLength; }

    public BooleanParam truncate() { return truncate; }

    public IntParam threads() { return threads; }

    public String getInputCol() { return $(inputCol); }

    public String getOutputCol() { return $(outputCol); }

    public String getModel() { return $(model); }

    public int getBatchTokens() { return (Integer) $(batchTokens); }

    public int getBatchSize() { return (Integer) $(batchSize); }

    public int getMaxLength() { return (Integer) $(maxLength); }

    public boolean getTruncate() { return (Boolean) $(truncate); }

    public int getThreads() { return (Integer) $(threads); }

    public T setInputCol(String v) { set(inputCol, v); return self(); }

    public T setOutputCol(String v) { set(outputCol, v); return self(); }

    /** A directory any executor can read; see {@link #model()}. */
    public T setModel(String v) { set(model, v); return self(); }

    public T setBatchTokens(int v) { set(batchTokens, v); return self(); }

    /** Texts per forward pass, at most (0, the default: as many as {@link #setBatchTokens the budget} allows). */
    public T setBatchSize(int v) { set(batchSize, v); return self(); }

    public T setMaxLength(int v) { set(maxLength, v); return self(); }

    public T setTruncate(boolean v) { set(truncate, v); return self(); }

    public T setThreads(int v) { set(threads, v); return self(); }

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }

    /** What runs on the executors: the model location, the batching and the task's own settings. */
    abstract TextTask task();

    final RunSpec spec() {
        if (!isDefined(model)) throw new IllegalArgumentException(getClass().getSimpleName() + ": setModel was not called");
        if (getBatchTokens() == 0 && getBatchSize() == 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": setBatchTokens(0) needs a setBatchSize");
        }
        return new RunSpec(getModel(), getMaxLength(), getTruncate(), getBatchTokens(), getBatchSize(), getThreads(),
                getInputCol(), task());
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema());
        int column = dataset.schema().fieldIndex(getInputCol());
        RunSpec spec = spec();
        return dataset.toDF().mapPartitions((MapPartitionsFunction<Row, Row>) rows -> spec.partition(rows, column),
                Encoders.row(out));
    }

    @Override
    public StructType transformSchema(StructType schema) {
        String in = getInputCol();
        if (!Arrays.asList(schema.fieldNames()).contains(in)) {
            throw new IllegalArgumentException("input column '" + in + "' does not exist; columns: "
                    + String.join(", ", schema.fieldNames()));
        }
        if (!schema.apply(in).dataType().equals(DataTypes.StringType)) {
            throw new IllegalArgumentException("input column '" + in + "' must be a string, found "
                    + schema.apply(in).dataType().simpleString());
        }
        if (Arrays.asList(schema.fieldNames()).contains(getOutputCol())) {
            throw new IllegalArgumentException("output column '" + getOutputCol() + "' already exists");
        }
        return schema.add(new StructField(getOutputCol(), task().outputType(), true,
                org.apache.spark.sql.types.Metadata.empty()));
    }

    @Override
    public T copy(ParamMap extra) {
        return defaultCopy(extra);
    }
}
