package dev.deberta4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.finetune.TrainingStepRunner;
import dev.deberta4j.internal.measure.GemmFlops;
import dev.deberta4j.model.ModelShapes;
import dev.deberta4j.pretrain.RtdOptions;
import dev.deberta4j.pretrain.RtdStepRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code deberta4j speed-train} (formerly {@code bench-train}, still an alias): median time of one training step
 * (forward + backward + AdamW, dropout 0.1) of a randomly initialised sequence classifier, or of one
 * replaced-token-detection pre-training step (generator + discriminator), tokens/s and peak heap, next to the PyTorch anchors where there are some, and the step's
 * matrix-product GFLOPS next to the GEMM kernel's at the step's feed-forward shape, timed in the same process.
 */
@Command(name = "speed-train", aliases = "bench-train", mixinStandardHelpOptions = true,
        description = "Time one training step (forward + backward + clipping + AdamW, dropout 0.1, "
                + "sequence classification, or --step rtd: replaced-token-detection pre-training with a generator of "
                + "half the layers) at BATCHxSEQ for model shapes, against PyTorch's figures where known.")
public final class SpeedTrainCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    /** Which training step is timed. */
    enum Step { CLASSIFICATION, RTD }

    /** What the timing loop needs from a step. */
    private interface StepRunner {
        void step();

        long parameterCount();

        int tokensPerStep();

        /** Matrix-product FLOPs of one step ({@link StepFlops}). */
        double flops();
    }

    @Option(names = "--shapes", defaultValue = "xsmall,base", split = ",", paramLabel = "NAME",
            description = "Model shapes, or config.json files (e.g. a pre-training run's discriminator config, "
                    + "its vocabulary size included) (default: ${DEFAULT-VALUE}).")
    List<String> shapes;
    @Option(names = "--batch", defaultValue = "8", description = "Default: ${DEFAULT-VALUE}.")
    int batch;
    @Option(names = "--seq", defaultValue = "128", description = "Default: ${DEFAULT-VALUE}.")
    int seq;
    @Option(names = "--runs", defaultValue = "3", description = "Timed steps per shape, median reported (default: ${DEFAULT-VALUE}).")
    int runs;
    @Option(names = "--warmup", defaultValue = "1", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    int warmup;
    @Mixin ThreadsOption threads;
    @Mixin JsonOption format;
    @Option(names = "--step", defaultValue = "classification", paramLabel = "KIND",
            converter = StepConverter.class,
            description = "classification (sequence classification) or rtd (DeBERTa-V3 pre-training: generator with "
                    + "half the layers + discriminator, GDES, 15%% masked; no PyTorch anchor). Default: ${DEFAULT-VALUE}.")
    Step step;
    @Option(names = "--emd", description = "With --step rtd: the generator predicts through the Enhanced Mask Decoder.")
    boolean emd;
    @Option(names = "--gemm-seconds", defaultValue = "2", paramLabel = "S",
            description = "Seconds to time the GEMM kernel per shape at the step's feed-forward product "
                    + "(BATCH·SEQ x intermediate x hidden), the yardstick for the step's GFLOPS; 0 skips it "
                    + "(default: ${DEFAULT-VALUE}).")
    double gemmSeconds;

    static final class StepConverter implements picocli.CommandLine.ITypeConverter<Step> {
        @Override
        public Step convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "classification" -> Step.CLASSIFICATION;
                case "rtd" -> Step.RTD;
                default -> throw new picocli.CommandLine.TypeConversionException("--step: expected classification or "
                        + "rtd, found '" + value + "'");
            };
        }
    }

    @Override
    public Integer call() throws Exception {
        int nThreads = threads.applyToSharedPool();
        boolean json = format.json;
        PrintWriter out = spec.commandLine().getOut();
        ObjectNode result = new ObjectMapper().createObjectNode();
        result.put("threads", nThreads).put("batch", batch).put("seq", seq)
                .put("step", step.name().toLowerCase(Locale.ROOT));
        ArrayNode rows = result.putArray("shapes");
        if (!json) {
            out.printf("deberta4j speed-train: %s step, %d x %d, %d thread(s), median of %d steps after %d warm-up%n",
                    step == Step.RTD ? "RTD pre-training" + (emd ? " (EMD)" : "") : "classification", batch, seq,
                    nThreads, runs, warmup);
            out.printf("| shape | params | median s/step | tokens/s | PyTorch s/step | vs PyTorch | peak heap MiB "
                    + "| step GFLOP | step GFLOPS | GEMM GFLOPS | CPU s/step |%n|---|---|---|---|---|---|---|---|---|---|---|%n");
        }
        for (String shape : shapes) {
            System.gc();
            resetPeaks();
            StepRunner runner = runner(shape);
            for (int i = 0; i < warmup; i++) runner.step();
            double[] times = new double[runs];
            double[] cpu = new double[runs];
            for (int i = 0; i < runs; i++) {
                long c0 = processCpuNanos();
                long t0 = System.nanoTime();
                runner.step();
                times[i] = (System.nanoTime() - t0) / 1e9;
                cpu[i] = (processCpuNanos() - c0) / 1e9;
            }
            Arrays.sort(times);
            Arrays.sort(cpu);
            double median = times[runs / 2];
            double cpuMedian = cpu[runs / 2];
            double peakMiB = peakHeapBytes() / (1024.0 * 1024.0);
            DebertaConfig config = config(shape);
            // The GEMM yardstick at the step's largest product shape, timed right after the step in this process.
            double gemm = gemmSeconds > 0 ? GemmFlops.measure(batch * seq, config.intermediateSize, config.hiddenSize,
                    nThreads, gemmSeconds) : Double.NaN;
            // PyTorch anchors exist for the classification step only.
            Double torch = step == Step.CLASSIFICATION && batch == 8 && seq == 128 ? Anchors.PYTORCH_TRAIN_STEP_SECONDS.get(shape.toLowerCase(Locale.ROOT)) : null;
            ObjectNode row = rows.addObject().put("shape", shape).put("parameters", runner.parameterCount())
                    .put("median_s", median).put("tokens_per_s", runner.tokensPerStep() / median)
                    .put("peak_heap_mib", peakMiB).put("step_gflop", runner.flops() / 1e9)
                    .put("step_gflops", runner.flops() / 1e9 / median).put("cpu_s", cpuMedian);
            if (gemmSeconds > 0) row.put("gemm_gflops", gemm);
            if (torch != null) row.put("pytorch_s", torch).put("vs_pytorch", torch / median);
            if (!json) {
                out.printf(Locale.ROOT, "| %s | %,d | %.3f | %.1f | %s | %s | %.0f | %.1f | %.1f | %s | %.2f |%n", shape,
                        runner.parameterCount(), median, runner.tokensPerStep() / median,
                        torch == null ? "-" : String.format(Locale.ROOT, "%.3f", torch),
                        torch == null ? "-" : String.format(Locale.ROOT, "%.2fx", torch / median), peakMiB,
                        runner.flops() / 1e9, runner.flops() / 1e9 / median,
                        gemmSeconds > 0 ? String.format(Locale.ROOT, "%.1f", gemm) : "-", cpuMedian);
            }
        }
        if (json) out.println(new ObjectMapper().writeValueAsString(result));
        return 0;
    }

    /** A shape name, or a config.json file (a name ending in .json). */
    private static DebertaConfig config(String shape) {
        return shape.endsWith(".json") ? DebertaConfig.load(Path.of(shape)) : ModelShapes.byName(shape);
    }

    private StepRunner runner(String shape) {
        DebertaConfig config = config(shape);
        if (step == Step.RTD) {
            RtdStepRunner r = new RtdStepRunner(config, RtdOptions.defaults().withEmd(emd), batch, seq, 42);
            double flops = StepFlops.rtd(config, r.model().generatorConfig(), batch, seq, r.maskedPerStep(), emd);
            return new StepRunner() {
                public void step() { r.step(); }
                public long parameterCount() { return r.parameterCount(); }
                public int tokensPerStep() { return r.tokensPerStep(); }
                public double flops() { return flops; }
            };
        }
        TrainingStepRunner r = new TrainingStepRunner(config, batch, seq, 42);
        double flops = StepFlops.classification(config, batch, seq);
        return new StepRunner() {
            public void step() { r.step(); }
            public long parameterCount() { return r.parameterCount(); }
            public int tokensPerStep() { return r.tokensPerStep(); }
            public double flops() { return flops; }
        };
    }

    /**
     * CPU time of the whole process (all threads, the pool's brief spin-waits included): on a busy machine the
     * step's CPU seconds move far less than its wall-clock seconds.
     */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) p.resetPeakUsage();
    }

    /** Sum of the heap pools' peaks since the reset (an upper bound: pools peak at different moments). */
    private static long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) sum += p.getPeakUsage().getUsed();
        }
        return sum;
    }
}
