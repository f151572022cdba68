package dev.deberta4j.train;

/** torch.nn.MSELoss (mean): regression heads (num_labels = 1) compare logits.view(-1) with the float targets. */
public final class MseLoss {
    private MseLoss() {
    }

    public static LossValue compute(float[] predictions, float[] targets) {
        if (predictions.length != targets.length || targets.length == 0) {
            throw new IllegalArgumentException("MSE: expected as many targets as predictions (" + predictions.length
                    + "), found " + targets.length);
        }
        int n = targets.length;
        double total = 0;
        float[] grad = new float[n];
        for (int i = 0; i < n; i++) {
            double d = (double) predictions[i] - targets[i];
            total += d * d;
            grad[i] = (float) (2 * d / n);
        }
        return new LossValue(total / n, grad);
    }
}
