package dev.deberta4j.pretrain;

import dev.deberta4j.concurrent.ThreadPool;

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
     * Draws at {@code rows} masked positions from the exponentials exp(logit − max) of softmax at temperature 1,
     * when the caller has them anyway (the MLM loss does): the same tokens as {@link #sample} on those logits.
     * Null when this sampler draws otherwise (then call {@link #sample}).
     */
    default FromSoftmax fromSoftmax(int rows, long pass) {
        return null;
    }

    /** One draw per masked row from its softmax's exponentials; {@link #drawn()} once every row has had its draw. */
    interface FromSoftmax {
        /** Row {@code r}'s draw from exps[v] = exp(logit[v] − max) (double) and their sum; thread-safe across rows. */
        void draw(int r, double[] exps, double sum);

        int[] drawn();
    }

    /**
     * Draws from softmax(logits / temperature) by inverting the cumulative distribution (in double) at one
     * uniform number per masked position, taken in position order from a SplittableRandom seeded by
     * (seed, pass).
     */
    static TokenSampler softmax(long seed, double temperature) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("sampling temperature must be a positive number, found " + temperature);
        }
        return new TokenSampler() {
            @Override
            public int[] sample(float[] logits, int vocab, int[] rows, long pass) {
                double[] uniforms = uniforms(seed, pass, rows.length);
                int[] out = new int[rows.length];
                ThreadPool.shared().parallelFor(rows.length, (from, to) -> {
                    double[] p = new double[vocab];
                    for (int r = from; r < to; r++) out[r] = draw(logits, r * vocab, vocab, temperature, uniforms[r], p);
                });
                return out;
            }

            @Override
            public FromSoftmax fromSoftmax(int rows, long pass) {
                if (temperature != 1.0) return null;   // logits / 1.0 are the logits: the loss's exponentials are ours
                double[] uniforms = uniforms(seed, pass, rows);
                int[] out = new int[rows];
                return new FromSoftmax() {
                    @Override
                    public void draw(int r, double[] exps, double sum) {
                        out[r] = invert(exps, exps.length, uniforms[r] * sum);
                    }

                    @Override
                    public int[] drawn() {
                        return out;
                    }
                };
            }
        };
    }

    /**
     * One uniform number per masked position, in position order, from a SplittableRandom seeded by (seed, pass):
     * drawn first, so the rows can then be sampled in parallel.
     */
    private static double[] uniforms(long seed, long pass, int rows) {
        SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (pass + 1)));
        double[] uniforms = new double[rows];
        for (int r = 0; r < rows; r++) uniforms[r] = random.nextDouble();
        return uniforms;
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
        return invert(p, vocab, u * sum);
    }

    /** The first v whose cumulative Σ p[0..v] exceeds target. */
    private static int invert(double[] p, int vocab, double target) {
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
