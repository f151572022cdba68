package dev.deberta4j.train;

import dev.deberta4j.concurrent.ThreadPool;

/**
 * torch.nn.CrossEntropyLoss with reduction "mean" and ignore_index -100: the mean over the rows whose label is not
 * -100 of −log softmax(logits)[label]; ignored rows get zero gradient. Log-sum-exp is evaluated in double.
 * A batch in which every row is ignored has loss 0 and zero gradient (torch would give NaN from 0/0; there is
 * nothing to learn from such a batch, and the trainer must not stop on it).
 */
public final class CrossEntropyLoss {
    public static final int IGNORE_INDEX = -100;

    private CrossEntropyLoss() {
    }

    /**
     * What a caller may do with each counted row's softmax while the loss has it: {@code exps[c]} = exp(logits[c]
     * − max) in double and {@code sum} their sum (e.g. the pre-training generator draws its replacement token from
     * them instead of evaluating the same exponentials again). Called from the pool's threads, one row at a time.
     */
    @FunctionalInterface
    public interface RowSoftmaxVisitor {
        void visit(int row, double[] exps, double sum);
    }

    /**
     * @param logits [rows, classes] row-major
     * @param labels one class id per row, or {@link #IGNORE_INDEX}
     */
    public static LossValue compute(float[] logits, int rows, int classes, int[] labels) {
        return compute(logits, rows, classes, labels, null);
    }

    /** As {@link #compute(float[], int, int, int[])}, handing each counted row's softmax to {@code visitor} (if not null). */
    public static LossValue compute(float[] logits, int rows, int classes, int[] labels, RowSoftmaxVisitor visitor) {
        if (labels.length != rows || logits.length != rows * classes) {
            throw new IllegalArgumentException("cross-entropy: expected " + rows + " labels and " + rows + " x "
                    + classes + " logits, found " + labels.length + " labels and " + logits.length + " logits");
        }
        int counted = 0;
        for (int r = 0; r < rows; r++) {
            int y = labels[r];
            if (y == IGNORE_INDEX) continue;
            if (y < 0 || y >= classes) {
                throw new IllegalArgumentException("label " + r + " = " + y + " is outside [0, " + classes
                        + ") and is not the ignore index " + IGNORE_INDEX);
            }
            counted++;
        }
        float[] grad = new float[logits.length];
        if (counted == 0) return new LossValue(0, grad);
        // Rows are independent: computed in parallel, their losses summed in row order (the same bits for any
        // thread count). One exp per logit: p = exp(x - max) / Σ exp(x - max).
        double[] rowLoss = new double[rows];
        int n = counted;
        ThreadPool.shared().parallelFor(rows, (from, to) -> {
            double[] e = new double[classes];
            for (int r = from; r < to; r++) {
                int y = labels[r];
                if (y == IGNORE_INDEX) continue;
                int off = r * classes;
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) max = Math.max(max, logits[off + c]);
                double sum = 0;
                for (int c = 0; c < classes; c++) {
                    e[c] = Math.exp(logits[off + c] - max);
                    sum += e[c];
                }
                rowLoss[r] = max + Math.log(sum) - logits[off + y];
                for (int c = 0; c < classes; c++) {
                    grad[off + c] = (float) ((e[c] / sum - (c == y ? 1 : 0)) / n);
                }
                if (visitor != null) visitor.visit(r, e, sum);
            }
        });
        double total = 0;
        for (int r = 0; r < rows; r++) total += rowLoss[r];
        return new LossValue(total / counted, grad);
    }
}
