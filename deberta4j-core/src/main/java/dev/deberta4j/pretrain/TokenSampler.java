package dev.deberta4j.pretrain;

import dev.deberta4j.tensor.ThreadPool;

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
            // The uniforms are drawn in position order first, so the rows can then be sampled in parallel.
            SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (pass + 1)));
            double[] uniforms = new double[rows.length];
            for (int r = 0; r < rows.length; r++) uniforms[r] = random.nextDouble();
            int[] out = new int[rows.length];
            ThreadPool.shared().parallelFor(rows.length, (from, to) -> {
                double[] p = new double[vocab];
                for (int r = from; r < to; r++) out[r] = draw(logits, r * vocab, vocab, temperature, uniforms[r], p);
            });
            return out;
        };
    }

    /** Inverts the CDF of softmax(logits[off, off + vocab) / temperature) at u ∈ [0, 1). */
    private static int draw(float[] logits, int off, int vocab, double temperature, double u, double[] p) {
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < vocab; v++) max = Math.max(max, logits[off + v] / temperature);
        double sum = 0;
        for (int v = 0; v < vocab; v++) {
            p[v] = Math.exp(logits[off + v] / temperature - max);
            sum += p[v];
        }
        double target = u * sum;
        double cumulative = 0;
        for (int v = 0; v < vocab; v++) {
            cumulative += p[v];
            if (target < cumulative) return v;
        }
        return vocab - 1;   // rounding left target at the very top
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
