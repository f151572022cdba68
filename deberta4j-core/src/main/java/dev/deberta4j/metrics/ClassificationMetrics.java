package dev.deberta4j.metrics;

/** Accuracy and macro-F1 of predicted class ids against gold ones (scikit-learn's definitions). */
public final class ClassificationMetrics {
    private ClassificationMetrics() {
    }

    public static double accuracy(int[] gold, int[] predicted) {
        checkLengths(gold.length, predicted.length);
        int right = 0;
        for (int i = 0; i < gold.length; i++) if (gold[i] == predicted[i]) right++;
        return (double) right / gold.length;
    }

    /**
     * The unweighted mean of per-class F1 over the classes present in gold or predicted, as sklearn's
     * f1_score(average="macro") with its default labels; a class with no true positives has F1 0.
     */
    public static double macroF1(int[] gold, int[] predicted, int numClasses) {
        checkLengths(gold.length, predicted.length);
        long[] tp = new long[numClasses];
        long[] goldCount = new long[numClasses];
        long[] predCount = new long[numClasses];
        for (int i = 0; i < gold.length; i++) {
            checkClass(gold[i], numClasses, "gold", i);
            checkClass(predicted[i], numClasses, "predicted", i);
            goldCount[gold[i]]++;
            predCount[predicted[i]]++;
            if (gold[i] == predicted[i]) tp[gold[i]]++;
        }
        double sum = 0;
        int present = 0;
        for (int c = 0; c < numClasses; c++) {
            if (goldCount[c] == 0 && predCount[c] == 0) continue;
            present++;
            sum += 2.0 * tp[c] / (goldCount[c] + predCount[c]);
        }
        return sum / present;
    }

    private static void checkLengths(int gold, int predicted) {
        if (gold != predicted) {
            throw new IllegalArgumentException("expected as many predictions as gold labels (" + gold + "), found "
                    + predicted);
        }
        if (gold == 0) throw new IllegalArgumentException("no examples to score");
    }

    private static void checkClass(int c, int numClasses, String what, int i) {
        if (c < 0 || c >= numClasses) {
            throw new IllegalArgumentException(what + "[" + i + "] = " + c + ", expected a class in [0, " + numClasses + ")");
        }
    }
}
