package dev.deberta4j.bench;

import dev.deberta4j.concurrent.ThreadPool;
import dev.deberta4j.kernels.Gemm;
import dev.deberta4j.kernels.PackedMatrix;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Gemm#linear} at the model's shapes (m rows × in → out: 768→768, 768→3072, 3072→768 for m = 16, 128, 512,
 * 4096) and square n×n×n products. JMH reports time per product; each measurement iteration also prints its
 * GFLOPS = 2·m·in·out / time. Short by default (the machine is shared): e.g. {@code bin/bench GemmBenchmark
 * -p threads=2 -p shape=1024x1024x1024}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBenchmark {

    /** m x in x out. */
    @Param({"16x768x768", "16x768x3072", "16x3072x768",
            "128x768x768", "128x768x3072", "128x3072x768",
            "512x768x768", "512x768x3072", "512x3072x768",
            "4096x768x768", "4096x768x3072", "4096x3072x768",
            "256x256x256", "512x512x512", "1024x1024x1024", "2048x2048x2048"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    private int m;
    private int in;
    private int out;
    private float[] x;
    private float[] bias;
    private float[] y;
    private PackedMatrix w;
    private ThreadPool pool;
    private long products;
    private long iterationStart;

    @Setup(Level.Trial)
    public void setUp() {
        String[] dims = shape.split("x");
        m = Integer.parseInt(dims[0]);
        in = Integer.parseInt(dims[1]);
        out = Integer.parseInt(dims[2]);
        SplittableRandom rnd = new SplittableRandom(7);
        x = random(rnd, m * in);
        bias = random(rnd, out);
        y = new float[m * out];
        w = PackedMatrix.pack(random(rnd, out * in), 0, out, in);
        pool = new ThreadPool(threads);
    }

    @Setup(Level.Iteration)
    public void startIteration() {
        products = 0;
        iterationStart = System.nanoTime();
    }

    @Benchmark
    public float[] linear() {
        Gemm.linear(x, m, w, bias, y, pool);
        products++;
        return y;
    }

    @TearDown(Level.Iteration)
    public void reportGflops() {
        double seconds = (System.nanoTime() - iterationStart) / 1e9;
        double gflops = 2.0 * m * in * out * products / seconds / 1e9;
        System.out.printf("  [%s, %d thread(s): %.1f GFLOPS]%n", shape, threads, gflops);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.shutdown();
    }

    static float[] random(SplittableRandom rnd, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return v;
    }
}
