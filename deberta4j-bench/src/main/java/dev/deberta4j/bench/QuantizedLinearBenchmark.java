package dev.deberta4j.bench;

import dev.deberta4j.concurrent.ThreadPool;
import dev.deberta4j.kernels.LinearWeights;
import dev.deberta4j.quant.HalfPrecisionMatrix;
import dev.deberta4j.quant.QuantizedInt4Matrix;
import dev.deberta4j.quant.QuantizedInt8Matrix;
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
 * One linear layer, y = x·Wᵀ + b, with W in each storage form, at the base model's shapes (m rows × in → out).
 * At m = 1 the product reads every weight once, so time tracks the bytes per weight (when memory is the limit);
 * m = 16 is a 16-token sentence, m = 128 a long one: each widened weight slab serves a whole row block of m.
 * Short by default (the machine is shared): {@code bin/bench QuantizedLinear -p shape=1x768x3072}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class QuantizedLinearBenchmark {
    @Param({"1x768x3072", "1x3072x768", "16x768x3072", "128x768x3072"})
    public String shape;

    @Param({"float32", "float16", "bfloat16", "int8", "int4"})
    public String dtype;

    @Param({"2"})
    public int threads;

    private int m;
    private float[] x;
    private float[] bias;
    private float[] y;
    private LinearWeights w;

    @Setup
    public void setUp() {
        String[] dims = shape.split("x");
        m = Integer.parseInt(dims[0]);
        int in = Integer.parseInt(dims[1]);
        int out = Integer.parseInt(dims[2]);
        ThreadPool.setSharedThreads(threads);
        SplittableRandom r = new SplittableRandom(1);
        float[] weights = new float[out * in];
        for (int i = 0; i < weights.length; i++) weights[i] = (float) (r.nextGaussian() * 0.02);
        x = new float[m * in];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        bias = new float[out];
        y = new float[m * out];
        w = switch (dtype) {
            case "float32" -> LinearWeights.dense(weights, out, in);
            case "float16" -> HalfPrecisionMatrix.round(HalfPrecisionMatrix.Format.FLOAT16, weights, out, in);
            case "bfloat16" -> HalfPrecisionMatrix.round(HalfPrecisionMatrix.Format.BFLOAT16, weights, out, in);
            case "int8" -> QuantizedInt8Matrix.quantize(weights, out, in);
            case "int4" -> QuantizedInt4Matrix.quantize(weights, out, in, 32);
            default -> throw new IllegalArgumentException("unknown dtype " + dtype);
        };
    }

    @Benchmark
    public float[] linear() {
        w.linear(x, m, bias, y);
        return y;
    }
}
