package dev.deberta4j.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deberta4j.finetune.MetricsLog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The three ways to score a run whose dev and test splits were evaluated at the same checkpoints (metrics.jsonl
 * lines with {@code "split": "dev"} and {@code "split": "test"}):
 * <ul>
 *   <li>final: the last checkpoint's test score, the honest main number;</li>
 *   <li>best on dev: the checkpoint with the best dev score (the earliest on ties), scored on test;</li>
 *   <li>best on test: the best test score of any checkpoint, what the original recipes report (selection on the
 *       test set itself, so optimistic).</li>
 * </ul>
 *
 * @param bestOnDev null when the task has no dev split (NSMC)
 */
public record CheckpointSelection(CheckpointScore last, CheckpointScore bestOnDev, CheckpointScore bestOnTest) {
    public static final String DEV = "dev";
    public static final String TEST = "test";

    /**
     * @param metric the metric that ranks checkpoints (accuracy, or Spearman for KorSTS)
     * @throws IllegalArgumentException when the log holds no test evaluation
     */
    public static CheckpointSelection of(List<JsonNode> log, String metric) {
        TreeMap<Long, Map<String, Double>> dev = byStep(log, DEV);
        TreeMap<Long, Map<String, Double>> test = byStep(log, TEST);
        if (test.isEmpty()) throw new IllegalArgumentException("the metrics log holds no test evaluation");
        long lastStep = test.lastKey();
        CheckpointScore last = new CheckpointScore(lastStep, dev.get(lastStep), test.get(lastStep));
        CheckpointScore bestOnDev = null;
        Long devStep = bestStep(dev, metric);
        if (devStep != null && test.containsKey(devStep)) {
            bestOnDev = new CheckpointScore(devStep, dev.get(devStep), test.get(devStep));
        }
        Long bestTest = bestStep(test, metric);
        long testStep = bestTest != null ? bestTest : lastStep;   // every value NaN (constant predictions)
        return new CheckpointSelection(last, bestOnDev, new CheckpointScore(testStep, dev.get(testStep),
                test.get(testStep)));
    }

    /** The earliest step with the highest value of the metric (null when no line has it). */
    private static Long bestStep(TreeMap<Long, Map<String, Double>> byStep, String metric) {
        Long best = null;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (Map.Entry<Long, Map<String, Double>> e : byStep.entrySet()) {
            Double v = e.getValue().get(metric);
            if (v != null && (best == null || v > bestValue)) {
                best = e.getKey();
                bestValue = v;
            }
        }
        return best;
    }

    /** The split's metrics by step; a step evaluated twice (a resumed run) keeps its last line. */
    private static TreeMap<Long, Map<String, Double>> byStep(List<JsonNode> log, String split) {
        TreeMap<Long, Map<String, Double>> out = new TreeMap<>();
        for (JsonNode n : log) {
            if (!MetricsLog.isEval(n, split)) continue;
            Map<String, Double> metrics = new LinkedHashMap<>();
            n.fieldNames().forEachRemaining(f -> {
                if (n.get(f).isNumber() && !f.equals("step") && !f.equals("epoch")) metrics.put(f, n.get(f).asDouble());
            });
            out.put(n.path("step").asLong(), metrics);
        }
        return out;
    }
}
