package dev.deberta4j.bench;

import dev.deberta4j.kernels.Activation;
import dev.deberta4j.kernels.Activations;
import dev.deberta4j.kernels.VectorOps;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Element-wise kernels at the model's sizes: exact GELU over one layer's intermediate activations (512 tokens x
 * 3072, single-threaded and through the pool-splitting {@link Activations#apply}) and one softmax row of 512.
 * The inputs are restored before every invocation so each call sees the same values.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ActivationBenchmark {
    private static final int INTERMEDIATE = 512 * 3072;
    private static final int ROW = 512;

    private float[] source;
    private float[] work;
    private float[] scores;
    private float[] row;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(5);
        source = new float[INTERMEDIATE];
        for (int i = 0; i < source.length; i++) {
            source[i] = (float) (rnd.nextGaussian() * 2);
        }
        work = new float[INTERMEDIATE];
        scores = GemmBenchmark.random(rnd, ROW);
        row = new float[ROW];
    }

    @Setup(Level.Invocation)
    public void restore() {
        System.arraycopy(source, 0, work, 0, INTERMEDIATE);
        System.arraycopy(scores, 0, row, 0, ROW);
    }

    @Benchmark
    public float[] geluInPlaceOneThread() {
        Activations.geluInPlace(work, 0, INTERMEDIATE);
        return work;
    }

    @Benchmark
    public float[] geluApplySharedPool() {
        Activations.apply(Activation.GELU, work, 0, INTERMEDIATE);
        return work;
    }

    @Benchmark
    public float softmaxRow() {
        float max = VectorOps.max(row, 0, ROW);
        float sum = VectorOps.expSubtractInPlace(row, 0, ROW, max);
        VectorOps.scale(row, 0, ROW, 1 / sum);
        return sum;
    }
}
