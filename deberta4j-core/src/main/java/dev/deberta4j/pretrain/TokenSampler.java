package dev.deberta4j.pretrain;

import java.util.SplittableRandom;

/**
 * Chooses the generator's replacement token at each masked position: drawn from the generator's softmax (seeded,
 * so a step's draws depend only on the seed and the pass number, which makes resumed runs repeat them), or given.
 */
public interface TokenSampler {

    /**
     * @param logits     the generator's logits at the masked positions [rows.length, vocab]
     * @param vocab      the vocabulary size
     * @param rows       the flat positions (b·L + i) of the masked tokens
     * @param pass       the model's pass counter (a fresh random stream per pass)
     * @return one token id per masked position
     */
    int[] sample(float[] logits, int vocab, int[] rows, long pass);

    /**
     * Draws from softmax(logits / temperature) by inverting the cumulative distribution (in double) at one
     * uniform number per masked position, taken in position order from a SplittableRandom seeded by
     * (seed, pass).
     */
    static TokenSampler softmax(long seed, double temperature) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("sampling temperature must be a positive number, found " + temperature);
        }
        return (logits, vocab, rows, pass) -> {
            SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (pass + 1)));
            int[] out = new int[rows.length];
            double[] p = new double[vocab];
            for (int r = 0; r < rows.length; r++) {
                int off = r * vocab;
                double max = Double.NEGATIVE_INFINITY;
                for (int v = 0; v < vocab; v++) max = Math.max(max, logits[off + v] / temperature);
                double sum = 0;
                for (int v = 0; v < vocab; v++) {
                    p[v] = Math.exp(logits[off + v] / temperature - max);
                    sum += p[v];
                }
                double u = random.nextDouble() * sum;
                int chosen = vocab - 1;
                double cumulative = 0;
                for (int v = 0; v < vocab; v++) {
                    cumulative += p[v];
                    if (u < cumulative) {
                        chosen = v;
                        break;
                    }
                }
                out[r] = chosen;
            }
            return out;
        };
    }

    /** The tokens of {@code tokens} [batch·L] at the masked positions (the parity fixture's sampled_tokens). */
    static TokenSampler given(int[] tokens) {
        int[] copy = tokens.clone();
        return (logits, vocab, rows, pass) -> {
            int[] out = new int[rows.length];
            for (int r = 0; r < rows.length; r++) out[r] = copy[rows[r]];
            return out;
        };
    }
}
