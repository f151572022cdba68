package dev.deberta4j.spark;

import dev.deberta4j.model.HeadType;
import dev.deberta4j.pipeline.PipelineModel;
import dev.deberta4j.pipeline.PipelineOptions;
import org.apache.spark.sql.types.DataType;

import java.io.Serializable;
import java.util.List;

/** One transformer's work on the executors: the head it loads, its output type and its pipeline call. */
interface TextTask extends Serializable {
    HeadType head();

    DataType outputType();

    /** One Spark value of {@link #outputType()} per text, in order (texts are neither null nor empty). */
    List<?> run(PipelineModel model, PipelineOptions options, List<String> texts);
}
