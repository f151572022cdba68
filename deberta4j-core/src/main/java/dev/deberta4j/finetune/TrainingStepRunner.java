package dev.deberta4j.finetune;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.ModelInput;
import dev.deberta4j.train.AdamW;
import dev.deberta4j.train.GradientClipping;
import dev.deberta4j.train.Labels;
import dev.deberta4j.train.TrainableModel;

import java.util.SplittableRandom;

/**
 * One training step of sequence classification, as the PyTorch anchor measures it: zero the gradients, forward
 * and backward in train mode (the config's dropout), clip to norm 1, AdamW update. Random weights, random token
 * ids (no padding) and random labels; for benchmarks.
 */
public final class TrainingStepRunner {
    private final TrainableModel model;
    private final AdamW adamW;
    private final ModelInput input;
    private final Labels labels;

    public TrainingStepRunner(DebertaConfig config, int batch, int seqLen, long seed) {
        this.model = TrainableModel.initialise(config, HeadType.SEQUENCE_CLASSIFICATION, seed);
        this.adamW = new AdamW(model.parameters(), AdamW.Options.defaults().withWeightDecay(0.01));
        this.input = ModelInput.random(batch, seqLen, config.vocabSize, config.padTokenId, seed);
        this.labels = new Labels.Classes(new SplittableRandom(seed).ints(batch, 0, config.numLabels).toArray());
    }

    /** Runs one step and returns its loss. */
    public float step() {
        model.zeroGrad();
        float loss = model.forwardBackward(input, labels);
        GradientClipping.clipGlobalNorm(model.parameters(), 1.0);
        adamW.step(1e-5);
        return loss;
    }

    /** Parameters (also the number of gradient values and half the AdamW state). */
    public long parameterCount() {
        return model.parameters().stream().mapToLong(p -> p.data().length).sum();
    }

    public int tokensPerStep() {
        return input.batch() * input.seqLen();
    }
}
