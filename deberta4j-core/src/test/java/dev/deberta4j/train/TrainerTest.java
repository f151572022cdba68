package dev.deberta4j.train;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.model.DebertaModel;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.ModelInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainerTest {
    private static final TrainerOptions OPTIONS = new TrainerOptions(3, 3, 2, 1.0, 17, true);
    private static final int EXAMPLES = 10;   // 4 batches per epoch, 2 steps per epoch, 6 steps

    static Trainer newTrainer(TrainingData data) {
        TrainableModel model = TrainableModel.initialise(TinyModels.v3(2), HeadType.SEQUENCE_CLASSIFICATION, 5);
        AdamW adamW = new AdamW(model.parameters(), AdamW.Options.defaults());
        return new Trainer(model, adamW, schedule(), data, OPTIONS);
    }

    static LrSchedule schedule() {
        long total = OPTIONS.totalSteps(EXAMPLES);
        return LrSchedule.linearWarmupDecay(1e-2, LrSchedule.warmupSteps(0.2, total), total);
    }

    @Test
    void resumedRunContinuesBitForBitFromAMidEpochCheckpoint(@TempDir Path dir) {
        TinyData data = new TinyData(EXAMPLES, 3);
        Trainer uninterrupted = newTrainer(data);
        List<Double> expected = new ArrayList<>();
        while (uninterrupted.hasNext()) expected.add(uninterrupted.step().loss());
        assertThat(expected).hasSize(6);
        assertThat(expected.get(5)).isLessThan(expected.get(0));   // it learns something

        Trainer first = newTrainer(data);
        List<Double> losses = new ArrayList<>();
        for (int i = 0; i < 3; i++) losses.add(first.step().loss());
        assertThat(first.position().batchInEpoch()).as("checkpoint falls inside an epoch").isEqualTo(2);
        first.save(dir.resolve("checkpoint"));
        first.step();   // work after the checkpoint is lost, as in a crash

        Trainer resumed = Trainer.resume(dir.resolve("checkpoint"), schedule(), data);
        while (resumed.hasNext()) losses.add(resumed.step().loss());
        assertThat(losses).containsExactlyElementsOf(expected);
        for (Parameter p : uninterrupted.model().parameters()) {
            assertThat(resumed.model().parameter(p.name()).data()).as(p.name()).containsExactly(p.data());
        }
    }

    @Test
    void stepsFollowTheScheduleAndClipTheNorm() {
        Trainer trainer = newTrainer(new TinyData(EXAMPLES, 3));
        StepResult s1 = trainer.step();
        StepResult s2 = trainer.step();
        assertThat(s1.step()).isEqualTo(1);
        assertThat(s1.learningRate()).isZero();            // linear warmup starts at 0, as transformers' LambdaLR
        assertThat(s2.learningRate()).isEqualTo(schedule().at(1)).isPositive();
        assertThat(s2.epoch()).isZero();
        assertThat(trainer.position().epoch()).isEqualTo(1);
        assertThat(GradientClipping.globalNorm(trainer.model().parameters())).isLessThanOrEqualTo(1.0 + 1e-6);
    }

    @Test
    void nonFiniteLossStopsTheRunNamingTheStepWithoutTouchingTheWeights() {
        TinyData data = new TinyData(EXAMPLES, 3);
        TrainableModel model = TrainableModel.initialise(TinyModels.v3(1), HeadType.SEQUENCE_CLASSIFICATION, 5);
        Trainer trainer = new Trainer(model, new AdamW(model.parameters(), AdamW.Options.defaults()),
                LrSchedule.constant(1e-3), data.regression(Float.NaN),
                new TrainerOptions(1, EXAMPLES, 1, 1.0, 1, false));
        float[] before = model.parameter("classifier.weight").data().clone();
        assertThatThrownBy(trainer::step).isInstanceOf(NonFiniteLossException.class)
                .hasMessageContaining("optimizer step 1").hasMessageContaining("NaN");
        assertThat(model.parameter("classifier.weight").data()).containsExactly(before);
    }

    @Test
    void checkpointIsAHuggingFaceModelDirectoryThatInferenceReloadsWithTheSameLogits(@TempDir Path dir) {
        TinyData data = new TinyData(EXAMPLES, 3);
        Trainer trainer = newTrainer(data);
        trainer.step();
        trainer.step();
        trainer.save(dir.resolve("ckpt"));
        DebertaModel reloaded = DebertaModel.load(dir.resolve("ckpt"));
        assertThat(reloaded.headType()).isEqualTo(HeadType.SEQUENCE_CLASSIFICATION);
        assertThat(reloaded.loadReport().unexpected()).isEmpty();
        ModelInput in = data.batch(new int[]{0, 1, 2, 3}).input();
        float[] expected = trainer.model().logits(in).data();
        float[] actual = reloaded.forward(in).logits().data();
        TrainingParityTest.assertClose("reloaded logits", actual, expected, 1e-5);
    }

    @Test
    void savingReplacesTheOldCheckpointAndLeavesNoTemporaryFiles(@TempDir Path dir) throws IOException {
        Trainer trainer = newTrainer(new TinyData(EXAMPLES, 3));
        trainer.step();
        trainer.save(dir.resolve("ckpt"));
        trainer.step();
        trainer.save(dir.resolve("ckpt"));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("ckpt");
        }
        assertThat(TrainingCheckpoint.load(dir.resolve("ckpt")).position().globalStep()).isEqualTo(2);
    }

    @Test
    void aCrashBetweenTheTwoRenamesRecoversTheOldCheckpoint(@TempDir Path dir) throws IOException {
        Trainer trainer = newTrainer(new TinyData(EXAMPLES, 3));
        trainer.step();
        trainer.save(dir.resolve("ckpt"));
        Files.move(dir.resolve("ckpt"), dir.resolve(".ckpt.old-123"));   // the state such a crash leaves
        assertThat(TrainingCheckpoint.load(dir.resolve("ckpt")).position().globalStep()).isEqualTo(1);
    }

    @Test
    void aCheckpointWithoutItsStateFileIsRejectedNamingTheFile(@TempDir Path dir) throws IOException {
        Trainer trainer = newTrainer(new TinyData(EXAMPLES, 3));
        trainer.step();
        trainer.save(dir.resolve("ckpt"));
        Files.delete(dir.resolve("ckpt").resolve(TrainingCheckpoint.STATE_FILE));
        assertThatThrownBy(() -> TrainingCheckpoint.load(dir.resolve("ckpt")))
                .hasMessageContaining(TrainingCheckpoint.STATE_FILE);
    }

    @Test
    void resumingWithOtherDataIsRefused(@TempDir Path dir) {
        Trainer trainer = newTrainer(new TinyData(EXAMPLES, 3));
        trainer.step();
        trainer.save(dir.resolve("ckpt"));
        assertThatThrownBy(() -> Trainer.resume(dir.resolve("ckpt"), schedule(), new TinyData(7, 3)))
                .hasMessageContaining("10 examples").hasMessageContaining("has 7");
    }

    @Test
    void aBackboneOnlyCheckpointGetsAFreshHead() {
        DebertaConfig c = TinyModels.v3(2);
        var backbone = dev.deberta4j.model.WeightInitializer.initialise(c, HeadType.BASE, 1);
        TrainableModel model = TrainableModel.create(c, HeadType.SEQUENCE_CLASSIFICATION, backbone, 9);
        assertThat(model.freshlyInitialised()).containsExactlyInAnyOrder("pooler.dense.weight", "pooler.dense.bias",
                "classifier.weight", "classifier.bias");
        assertThat(model.parameter("classifier.bias").data()).containsOnly(0f);
        float[] w = model.parameter("classifier.weight").data();
        double sq = 0;
        for (float x : w) sq += x * x;
        assertThat(Math.sqrt(sq / w.length)).as("std of normal(0, initializer_range)").isBetween(0.1, 0.3);
        assertThat(model.parameter("deberta.encoder.rel_embeddings.weight").data())
                .containsExactly(backbone.readFloats("encoder.rel_embeddings.weight"));
    }
}
