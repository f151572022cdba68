package dev.deberta4j.bench;

import dev.deberta4j.kernels.Gemm;
import dev.deberta4j.kernels.Gemm.Operand;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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

/**
 * Single-threaded {@link Gemm#matmul} at one attention head's shapes: scores = Q·Kᵀ (L×64 by L×64 stored, transB)
 * and context = P·V (L×L by L×64), reading Q, K, V with the hidden-size leading dimension 768 as the model does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class AttentionMatmulBenchmark {
    private static final int HEAD = 64;
    private static final int HIDDEN = 768;

    @Param({"128", "512"})
    public int length;

    private float[] q;
    private float[] k;
    private float[] v;
    private float[] scores;
    private float[] context;

    @Setup
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(3);
        q = GemmBenchmark.random(rnd, length * HIDDEN);
        k = GemmBenchmark.random(rnd, length * HIDDEN);
        v = GemmBenchmark.random(rnd, length * HIDDEN);
        scores = GemmBenchmark.random(rnd, length * length);
        context = new float[length * HIDDEN];
    }

    @Benchmark
    public float[] queryKeyScores() {
        Gemm.matmul(length, length, HEAD, new Operand(q, 128, HIDDEN), Operand.transposeOf(k, 128, HIDDEN),
                new Operand(scores, 0, length), false);
        return scores;
    }

    @Benchmark
    public float[] probabilitiesTimesValues() {
        Gemm.matmul(length, HEAD, length, new Operand(scores, 0, length), new Operand(v, 128, HIDDEN),
                new Operand(context, 128, HIDDEN), false);
        return context;
    }
}
