package dev.deberta4j.pipeline;

/** Logits to scores, numerically stable, in double precision. */
final class Probabilities {
    private Probabilities() {
    }

    static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) max = Math.max(max, v);
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) p[i] /= sum;
        return p;
    }

    static double[] sigmoid(float[] logits) {
        double[] p = new double[logits.length];
        for (int i = 0; i < p.length; i++) p[i] = 1 / (1 + Math.exp(-logits[i]));
        return p;
    }

    static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }
}
