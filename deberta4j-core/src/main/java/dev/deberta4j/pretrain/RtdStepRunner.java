package dev.deberta4j.pretrain;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.model.ModelInput;
import dev.deberta4j.train.AdamW;
import dev.deberta4j.train.GradientClipping;

import java.util.SplittableRandom;

/**
 * One replaced-token-detection pre-training step, for benchmarks: zero the gradients, generator forward (MLM at
 * the masked positions), sampling, generator backward, discriminator forward and backward, clip to norm 1, AdamW.
 * Random weights (the discriminator's config, a generator with half its layers), random token ids (no padding),
 * 15% of the positions between [CLS] and [SEP] masked.
 */
public final class RtdStepRunner {
    private static final int MASK_ID = 4;
    private final RtdModel model;
    private final AdamW adamW;
    private final RtdBatch batch;
    private final TokenSampler sampler;

    public RtdStepRunner(DebertaConfig discriminator, RtdOptions options, int batchSize, int seqLen, long seed) {
        this.model = RtdModel.initialize(discriminator, null, options, seed);
        this.adamW = new AdamW(model.parameters(), AdamW.Options.defaults().withWeightDecay(0.01));
        this.sampler = TokenSampler.softmax(seed, 1.0);
        ModelInput input = ModelInput.random(batchSize, seqLen, discriminator.vocabSize, discriminator.padTokenId, seed);
        SplittableRandom r = new SplittableRandom(seed);
        boolean[] masked = new boolean[batchSize * seqLen];
        int[] ids = input.inputIds();   // this input's own [batch * seqLen] array
        for (int b = 0; b < batchSize; b++) {
            ids[b * seqLen] = 1;                 // [CLS]
            ids[b * seqLen + seqLen - 1] = 2;    // [SEP]
            for (int i = 1; i < seqLen - 1; i++) masked[b * seqLen + i] = r.nextDouble() < 0.15;
        }
        this.batch = RtdBatch.withMaskToken(input, masked, MASK_ID);
    }

    /** Runs one step and returns what the pass measured. */
    public RtdStepResult step() {
        model.zeroGrad();
        RtdStepResult result = model.forwardBackward(batch, sampler);
        GradientClipping.clipGlobalNorm(model.parameters(), 1.0);
        adamW.step(1e-4);
        return result;
    }

    /** Trainable values of both networks and E_Δ (the shared E_G counted once). */
    public long parameterCount() {
        return model.parameters().stream().mapToLong(p -> p.data().length).sum();
    }

    public int tokensPerStep() {
        return batch.input().batch() * batch.input().seqLen();
    }

    /** Masked positions of the batch: the generator's vocabulary projection runs at these only. */
    public int maskedPerStep() {
        return batch.maskedRows().length;
    }

    public RtdModel model() {
        return model;
    }
}
