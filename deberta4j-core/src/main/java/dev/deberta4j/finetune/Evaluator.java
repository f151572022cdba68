package dev.deberta4j.finetune;

import dev.deberta4j.metrics.ClassificationMetrics;
import dev.deberta4j.metrics.Correlation;
import dev.deberta4j.model.DebertaModel;
import dev.deberta4j.tensor.Tensor;
import dev.deberta4j.train.CrossEntropyLoss;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Scores a model on encoded examples: mean loss plus accuracy and macro-F1 (classification, token tags counted
 * where labelled) or Pearson and Spearman (regression). Examples run in length-sorted batches, which changes no
 * result (rows are independent) but wastes less padding.
 */
public final class Evaluator {
    private final int batchSize;

    public Evaluator(int batchSize) {
        if (batchSize < 1) throw new IllegalArgumentException("eval batch size must be >= 1, found " + batchSize);
        this.batchSize = batchSize;
    }

    /** Metric name to value, in a fixed order: loss, then accuracy, macro_f1 or pearson, spearman. */
    public Map<String, Double> evaluate(DebertaModel model, TaskExamples data, IntConsumer examplesDone) {
        int n = data.size();
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        java.util.Arrays.sort(order, Comparator.comparingInt(i -> data.ids(i).length));
        List<Integer> gold = new ArrayList<>();
        List<Integer> predicted = new ArrayList<>();
        double[] goldScores = new double[data.task() == TextTask.REGRESSION ? n : 0];
        double[] predScores = new double[goldScores.length];
        double lossSum = 0;
        long lossCount = 0;
        int numClasses = 0;
        for (int start = 0; start < n; start += batchSize) {
            int[] rows = new int[Math.min(batchSize, n - start)];
            for (int b = 0; b < rows.length; b++) rows[b] = order[start + b];
            var batch = data.batch(rows);
            Tensor logits = model.forward(batch.input()).logits();
            int classes = logits.shape()[logits.rank() - 1];
            numClasses = classes;
            float[] z = logits.data();
            switch (data.task()) {
                case SINGLE, PAIR -> {
                    for (int b = 0; b < rows.length; b++) {
                        int g = data.goldClass(rows[b]);
                        lossSum += crossEntropy(z, b * classes, classes, g);
                        lossCount++;
                        gold.add(g);
                        predicted.add(argmax(z, b * classes, classes));
                    }
                }
                case REGRESSION -> {
                    for (int b = 0; b < rows.length; b++) {
                        double g = data.goldScore(rows[b]);
                        double d = z[b] - g;
                        lossSum += d * d;
                        lossCount++;
                        goldScores[start + b] = g;
                        predScores[start + b] = z[b];
                    }
                }
                case TOKEN -> {
                    int len = batch.input().seqLen();
                    for (int b = 0; b < rows.length; b++) {
                        int[] tags = data.goldTags(rows[b]);
                        for (int t = 0; t < tags.length; t++) {
                            if (tags[t] == CrossEntropyLoss.IGNORE_INDEX) continue;
                            int off = (b * len + t) * classes;
                            lossSum += crossEntropy(z, off, classes, tags[t]);
                            lossCount++;
                            gold.add(tags[t]);
                            predicted.add(argmax(z, off, classes));
                        }
                    }
                }
            }
            if (examplesDone != null) examplesDone.accept(start + rows.length);
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("loss", lossCount == 0 ? Double.NaN : lossSum / lossCount);
        if (data.task() == TextTask.REGRESSION) {
            metrics.put("pearson", Correlation.pearson(predScores, goldScores));
            metrics.put("spearman", Correlation.spearman(predScores, goldScores));
        } else {
            int[] g = gold.stream().mapToInt(Integer::intValue).toArray();
            int[] p = predicted.stream().mapToInt(Integer::intValue).toArray();
            metrics.put("accuracy", ClassificationMetrics.accuracy(g, p));
            metrics.put("macro_f1", ClassificationMetrics.macroF1(g, p, numClasses));
        }
        return metrics;
    }

    /** The metric a run keeps its best checkpoint by: accuracy, or Spearman for regression. */
    public static String selectionMetric(TextTask task) {
        return task == TextTask.REGRESSION ? "spearman" : "accuracy";
    }

    private static int argmax(float[] z, int off, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) if (z[off + i] > z[off + best]) best = i;
        return best;
    }

    private static double crossEntropy(float[] z, int off, int n, int gold) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) max = Math.max(max, z[off + i]);
        double sum = 0;
        for (int i = 0; i < n; i++) sum += Math.exp(z[off + i] - max);
        return Math.log(sum) + max - z[off + gold];
    }
}
