package dev.deberta4j.train;

import java.nio.file.Path;

/**
 * The training loop: per optimizer step, {@code gradientAccumulationSteps} forward/backward passes over batches in
 * a seeded per-epoch order, global-norm clipping, the learning rate of the schedule and an AdamW update. Stops
 * with {@link NonFiniteLossException} before a NaN or infinite loss reaches the weights. {@link #save} writes an
 * atomic checkpoint from which {@link #resume} continues bit for bit as the uninterrupted run would.
 *
 * <pre>{@code
 * var trainer = new Trainer(model, new AdamW(model.parameters(), AdamW.Options.defaults()),
 *         LrSchedule.linearWarmupDecay(5e-5, warmup, options.totalSteps(data.size())), data, options);
 * while (trainer.hasNext()) System.out.println(trainer.step());
 * }</pre>
 */
public final class Trainer {
    private final TrainableModel model;
    private final AdamW optimizer;
    private final LrSchedule schedule;
    private final TrainingData data;
    private final TrainerOptions options;
    private long globalStep;
    private int epoch;
    private int batchInEpoch;
    private int[] order;   // the permutation of the current epoch
    private int orderEpoch = -1;

    public Trainer(TrainableModel model, AdamW optimizer, LrSchedule schedule, TrainingData data,
                   TrainerOptions options) {
        if (data.size() == 0) throw new IllegalArgumentException("no training examples");
        this.model = model;
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.data = data;
        this.options = options;
    }

    /**
     * Continues the run saved in {@code checkpointDir}: weights, optimizer state, options, data position and
     * dropout position come from the checkpoint; the schedule and data must be the ones the run was started with.
     */
    public static Trainer resume(Path checkpointDir, LrSchedule schedule, TrainingData data) {
        TrainingCheckpoint.Loaded saved = TrainingCheckpoint.load(checkpointDir);
        if (saved.dataSize() != data.size()) {
            throw new IllegalArgumentException(checkpointDir + ": the run was trained on " + saved.dataSize()
                    + " examples, the data given has " + data.size());
        }
        Trainer trainer = new Trainer(saved.model(), saved.optimizer(), schedule, data, saved.options());
        TrainingPosition p = saved.position();
        trainer.globalStep = p.globalStep();
        trainer.epoch = p.epoch();
        trainer.batchInEpoch = p.batchInEpoch();
        saved.model().restorePasses(p.modelPasses());
        return trainer;
    }

    public TrainableModel model() {
        return model;
    }

    public AdamW optimizer() {
        return optimizer;
    }

    public TrainerOptions options() {
        return options;
    }

    public long totalSteps() {
        return options.totalSteps(data.size());
    }

    public boolean hasNext() {
        return epoch < options.epochs();
    }

    public TrainingPosition position() {
        return new TrainingPosition(globalStep, epoch, batchInEpoch, model.passes());
    }

    /** Runs one optimizer step. */
    public StepResult step() {
        if (!hasNext()) throw new IllegalStateException("training is finished after " + globalStep + " steps");
        int batches = options.batchesPerEpoch(data.size());
        int passes = Math.min(options.gradientAccumulationSteps(), batches - batchInEpoch);
        int[] permutation = order();
        int stepEpoch = epoch;
        long stepNumber = globalStep + 1;
        model.zeroGrad();
        double lossSum = 0;
        for (int k = 0; k < passes; k++) {
            int from = batchInEpoch * options.batchSize();
            int to = Math.min(data.size(), from + options.batchSize());
            int[] indices = java.util.Arrays.copyOfRange(permutation, from, to);
            Batch batch = data.batch(indices);
            float loss = model.forwardBackward(batch.input(), batch.labels(), 1f / passes);
            if (!Float.isFinite(loss)) throw new NonFiniteLossException(stepNumber, "the loss", loss);
            lossSum += loss;
            batchInEpoch++;
        }
        double norm = options.maxGradNorm() > 0
                ? GradientClipping.clipGlobalNorm(model.parameters(), options.maxGradNorm())
                : GradientClipping.globalNorm(model.parameters());
        if (!Double.isFinite(norm)) throw new NonFiniteLossException(stepNumber, "the gradient norm", norm);
        double lr = schedule.at(globalStep);
        optimizer.step(lr);
        globalStep = stepNumber;
        if (batchInEpoch == batches) {
            epoch++;
            batchInEpoch = 0;
        }
        return new StepResult(stepNumber, stepEpoch, lossSum / passes, lr, norm);
    }

    /** Writes weights, config, optimizer state and position to {@code dir}, atomically replacing what was there. */
    public void save(Path dir) {
        TrainingCheckpoint.save(dir, model, optimizer, options, position(), data.size());
    }

    /** The example order of the current epoch: identity, or the seeded shuffle of (seed, epoch). */
    private int[] order() {
        if (orderEpoch == epoch) return order;
        order = options.shuffle() ? EpochPermutation.of(data.size(), options.seed(), epoch)
                : EpochPermutation.identity(data.size());
        orderEpoch = epoch;
        return order;
    }
}
