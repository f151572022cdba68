package dev.deberta4j.bench;

import dev.deberta4j.io.SafetensorsFile;
import dev.deberta4j.io.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link SafetensorsFile#readFloats} of one 3072x768 weight (a DeBERTa-base FFN matrix, 2.36 M elements) stored
 * as F32, F16 or BF16: the cost of turning a mapped checkpoint into float32 arrays. Throughput in GB/s of float32
 * produced = 9.44 MB / time. Short by default: {@code bin/bench CheckpointReadBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class CheckpointReadBenchmark {
    private static final int ROWS = 3072;
    private static final int COLS = 768;

    @Param({"F32", "F16", "BF16"})
    public String dtype;

    private Path dir;
    private SafetensorsFile file;

    @Setup
    public void setup() throws IOException {
        float[] w = new float[ROWS * COLS];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (random.nextGaussian() * 0.02);
        }
        SafetensorsWriter writer = new SafetensorsWriter();
        switch (dtype) {
            case "F32" -> writer.addF32("w", w, ROWS, COLS);
            case "F16" -> writer.addF16("w", w, ROWS, COLS);
            case "BF16" -> writer.addBF16("w", w, ROWS, COLS);
            default -> throw new IllegalArgumentException(dtype);
        }
        dir = Files.createTempDirectory("ckpt-bench");
        Path path = dir.resolve("model.safetensors");
        writer.write(path);
        file = SafetensorsFile.open(path);
    }

    @TearDown
    public void tearDown() throws IOException {
        file.close();
        Files.deleteIfExists(dir.resolve("model.safetensors"));
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public float[] readFloats() {
        return file.readFloats("w");
    }
}
