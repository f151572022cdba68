package dev.deberta4j.benchmark;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * The metrics of one evaluated checkpoint of a fine-tuning run.
 *
 * @param step the optimizer step the checkpoint was taken at (0 for a model evaluated as given)
 * @param dev  its dev-split metrics, or null where none were taken
 * @param test its test-split metrics
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckpointScore(long step, Map<String, Double> dev, Map<String, Double> test) {

    /** The test split's value of a metric (NaN when the metric is absent). */
    public double testScore(String metric) {
        Double v = test == null ? null : test.get(metric);
        return v == null ? Double.NaN : v;
    }
}
