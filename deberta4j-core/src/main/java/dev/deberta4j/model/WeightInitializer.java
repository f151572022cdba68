package dev.deberta4j.model;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.io.InMemoryTensorSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Fresh weights as transformers' DebertaV2PreTrainedModel._init_weights gives them: Linear and Embedding weights
 * normal(0, initializer_range), biases 0, the padding row of the word embeddings 0, LayerNorm weight 1 / bias 0,
 * and PyTorch's default uniform(±1/sqrt(fan_in)) for the convolution, which _init_weights leaves alone.
 * Deterministic for a seed (not the same random stream as torch).
 */
public final class WeightInitializer {
    private WeightInitializer() {
    }

    public static InMemoryTensorSource initialise(DebertaConfig c, HeadType head, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        InMemoryTensorSource out = new InMemoryTensorSource(Path.of("<initialised " + head.cliName() + ">"));
        for (ParameterLayout.Entry e : ParameterLayout.of(c, head).entries()) {
            if (e.init() == ParameterLayout.Init.POSITION_IDS) continue;   // a non-persistent buffer
            int n = Math.toIntExact(e.numel());
            float[] w = new float[n];
            switch (e.init()) {
                case NORMAL -> fillNormal(w, random, c.initializerRange);
                case EMBEDDING_WITH_PADDING -> {
                    fillNormal(w, random, c.initializerRange);
                    int cols = (int) e.shape()[1];
                    Arrays.fill(w, c.padTokenId * cols, (c.padTokenId + 1) * cols, 0f);
                }
                case ONES -> Arrays.fill(w, 1f);
                case ZEROS -> { }
                case CONV_UNIFORM -> {
                    double bound = 1.0 / Math.sqrt(e.fanIn());
                    for (int i = 0; i < n; i++) w[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
                }
                case POSITION_IDS -> throw new AssertionError();
            }
            out.putFloats(e.name(), w, e.shape());
        }
        return out;
    }

    private static void fillNormal(float[] w, SplittableRandom random, double std) {
        for (int i = 0; i < w.length; i++) w[i] = (float) (random.nextGaussian() * std);
    }

}
