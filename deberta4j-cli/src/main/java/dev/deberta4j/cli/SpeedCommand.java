package dev.deberta4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.internal.measure.GemmFlops;
import dev.deberta4j.kernels.Gemm;
import dev.deberta4j.model.DebertaModel;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.LoadOptions;
import dev.deberta4j.model.ModelInput;
import dev.deberta4j.model.ModelShapes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code deberta4j speed} (formerly {@code bench}, still an alias): median forward-pass time and tokens/s of a
 * sequence-classification model at given (batch, length) shapes, next to the PyTorch and ONNX Runtime anchors of
 * this machine kind, plus the GEMM kernel's GFLOPS. Speed, not accuracy: that is {@code benchmark}.
 */
@Command(name = "speed", aliases = "bench", mixinStandardHelpOptions = true,
        description = "Time the forward pass (eval mode, sequence-classification head) and the GEMM kernel: "
                + "tokens/s against PyTorch and ONNX Runtime (accuracy on tasks is 'benchmark').")
public final class SpeedCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR", description = "Time this model (directory or Hub repo id) "
            + "instead of a random one of --shape.")
    String model;

    @Option(names = "--shape", defaultValue = "base", paramLabel = "NAME",
            description = "Random model of a named shape: base or xsmall (the card's DeBERTa), h256l6, or the card's "
                    + "baselines bert-base, electra-small, electra-base (default: ${DEFAULT-VALUE}).")
    String shape;

    @Option(names = "--shapes", defaultValue = "1x16,1x128,8x128,32x128,1x512", split = ",", paramLabel = "BxL",
            description = "batch x sequence length list (default: ${DEFAULT-VALUE}). Models without absolute "
                    + "positions (the card's base and xsmall) run any length, e.g. 1x2048 (long inputs).")
    List<String> shapes;

    @Mixin ThreadsOption threads;

    @Option(names = "--runs", defaultValue = "5", paramLabel = "N", description = "Timed runs per shape (median reported).")
    int runs;

    @Option(names = "--warmup", defaultValue = "2", paramLabel = "N", description = "Untimed runs per shape first.")
    int warmup;

    @Option(names = "--warmup-seconds", defaultValue = "8", paramLabel = "S",
            description = "Seconds of forward passes at 1 x 128 before any timing, so the JIT has compiled the "
                    + "kernels (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = "--gemm-seconds", defaultValue = "2", paramLabel = "S",
            description = "Seconds to time the GEMM kernel (0 skips it).")
    double gemmSeconds;

    @Mixin JsonOption format;

    @Override
    public Integer call() throws Exception {
        int nThreads = threads.applyToSharedPool();
        boolean json = format.json;
        PrintWriter out = spec.commandLine().getOut();
        long loadStart = System.nanoTime();
        DebertaModel m;
        String label;
        if (model != null) {
            m = DebertaModel.load(ModelDirectories.resolve(model, spec.commandLine().getErr()), LoadOptions.defaults());
            label = "model";
        } else {
            DebertaConfig config = ModelShapes.byName(shape);
            m = DebertaModel.randomlyInitialised(config, HeadType.SEQUENCE_CLASSIFICATION, 42);
            label = shape.toLowerCase(java.util.Locale.ROOT);
        }
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;

        ObjectNode result = new ObjectMapper().createObjectNode();
        result.put("model", model != null ? model : label);
        result.put("threads", nThreads);
        result.put("cpu", CpuModel.name());
        result.put("vector_bits", Gemm.vectorBits());
        result.put("kernel", Gemm.kernel());
        result.put("vector_choice", Gemm.vectorChoice());
        result.put("load_seconds", loadSeconds);
        ArrayNode rows = result.putArray("shapes");
        if (!json) {
            out.printf("deberta4j speed: %s, %d thread(s), median of %d runs after %.0f s of JIT warm-up and %d "
                    + "warm-up run(s) per shape; load %.2f s%n", model != null ? model : label + " (random weights)",
                    nThreads, runs, warmupSeconds, warmup, loadSeconds);
            out.printf("cpu: %s; GEMM kernel: %s (%s)%n", CpuModel.name(), Gemm.kernel(), Gemm.vectorChoice());
            out.printf("| batch x seq | median s | tokens/s | vs PyTorch | vs ONNX Runtime |%n|---|---|---|---|---|%n");
        }
        ModelInput jitWarmup = ModelInput.random(1, Math.min(128, m.config().maxPositionEmbeddings), m.config().vocabSize,
                m.config().padTokenId, 1);
        long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        while (System.nanoTime() < warmupEnd) m.forward(jitWarmup);
        for (String s : shapes) {
            int[] bl = parseShape(s);
            ModelInput input = ModelInput.random(bl[0], bl[1], m.config().vocabSize, m.config().padTokenId, 1);
            for (int i = 0; i < warmup; i++) m.forward(input);
            double[] times = new double[runs];
            long cpu0 = processCpuNanos();
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                m.forward(input);
                times[i] = (System.nanoTime() - t0) / 1e9;
            }
            double cpuPerRun = (processCpuNanos() - cpu0) / 1e9 / runs;
            Arrays.sort(times);
            double median = times[runs / 2];
            double tokensPerS = bl[0] * bl[1] / median;
            String key = label + " " + bl[0] + "x" + bl[1];
            Double torch = Anchors.PYTORCH_TOKENS_PER_S.get(key);
            Double ort = Anchors.ONNX_RUNTIME_TOKENS_PER_S.get(key);
            ObjectNode row = rows.addObject();
            row.put("batch", bl[0]).put("seq", bl[1]).put("median_s", median).put("tokens_per_s", tokensPerS);
            if (cpu0 >= 0) row.put("cpu_s_per_run", cpuPerRun);
            if (torch != null) row.put("vs_pytorch", tokensPerS / torch);
            if (ort != null) row.put("vs_onnxruntime", tokensPerS / ort);
            if (!json) {
                out.printf("| %d x %d | %.4f | %.1f | %s | %s |%n", bl[0], bl[1], median, tokensPerS,
                        torch == null ? "-" : String.format("%.2fx", tokensPerS / torch),
                        ort == null ? "-" : String.format("%.2fx", tokensPerS / ort));
            }
        }
        if (gemmSeconds > 0) {
            ArrayNode gemm = result.putArray("gemm");
            int[][] products = {{512, 3072, 768}, {1024, 1024, 1024}};
            for (int[] p : products) {
                double gflops = GemmFlops.measure(p[0], p[1], p[2], nThreads, gemmSeconds);
                gemm.addObject().put("m", p[0]).put("n", p[1]).put("k", p[2]).put("gflops", gflops)
                        .put("fraction_of_sgemm_ceiling", gflops / Anchors.SGEMM_CEILING_GFLOPS);
                if (!json) {
                    out.printf("GEMM %dx%dx%d: %.1f GFLOPS (%.0f%% of the %.0f GFLOPS sgemm ceiling)%n",
                            p[0], p[1], p[2], gflops, 100 * gflops / Anchors.SGEMM_CEILING_GFLOPS, Anchors.SGEMM_CEILING_GFLOPS);
                }
            }
        }
        if (json) out.println(new ObjectMapper().writeValueAsString(result));
        return 0;
    }

    /**
     * CPU time of the whole process so far (all threads), or -1 where the JVM does not report it. Per timed run
     * it tells a process that computes slowly from one that waits for the CPU on a busy machine.
     */
    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }

    static int[] parseShape(String s) {
        String[] parts = s.trim().toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                int b = Integer.parseInt(parts[0]);
                int l = Integer.parseInt(parts[1]);
                if (b > 0 && l > 0) return new int[]{b, l};
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--shapes: expected BATCHxLENGTH such as 8x128, found '" + s + "'");
    }
}
