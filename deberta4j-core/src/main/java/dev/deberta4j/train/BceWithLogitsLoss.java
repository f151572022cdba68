package dev.deberta4j.train;

/**
 * torch.nn.BCEWithLogitsLoss (mean) for multi-label classification: mean of max(x,0) − x·y + log(1 + e^−|x|),
 * gradient (σ(x) − y)/n.
 */
public final class BceWithLogitsLoss {
    private BceWithLogitsLoss() {
    }

    public static LossValue compute(float[] logits, float[] targets) {
        if (logits.length != targets.length || targets.length == 0) {
            throw new IllegalArgumentException("BCE-with-logits: expected as many targets as logits (" + logits.length
                    + "), found " + targets.length);
        }
        int n = logits.length;
        double total = 0;
        float[] grad = new float[n];
        for (int i = 0; i < n; i++) {
            double x = logits[i];
            double y = targets[i];
            total += Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
            grad[i] = (float) ((1 / (1 + Math.exp(-x)) - y) / n);
        }
        return new LossValue(total / n, grad);
    }
}
