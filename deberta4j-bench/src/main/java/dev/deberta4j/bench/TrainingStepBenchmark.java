package dev.deberta4j.bench;

import dev.deberta4j.finetune.TrainingStepRunner;
import dev.deberta4j.model.ModelShapes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One training step (forward + backward + clipping + AdamW, dropout 0.1) of a sequence classifier at batch 8 x
 * 128, seconds per step; PyTorch 1.13 on this machine kind: base 12.154 s, xsmall 5.671 s (anchors.md).
 * Steps take seconds, so one warm-up step and a few measured ones: run briefly, e.g.
 * {@code java -jar deberta4j-bench/target/benchmarks.jar TrainingStep -p shape=xsmall}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class TrainingStepBenchmark {
    @Param({"xsmall", "base"})
    public String shape;

    private TrainingStepRunner runner;

    @Setup
    public void setUp() {
        runner = new TrainingStepRunner(ModelShapes.byName(shape), 8, 128, 42);
    }

    @Benchmark
    public float trainingStep() {
        return runner.step();
    }
}
