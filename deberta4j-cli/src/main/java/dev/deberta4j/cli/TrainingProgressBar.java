package dev.deberta4j.cli;

import dev.deberta4j.finetune.FineTuneListener;
import dev.deberta4j.train.StepResult;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A fine-tuning run on the console: one bar over the optimizer steps with rate (steps/s) and ETA, the running
 * loss and learning rate as its message, and a line per evaluation. ASCII frames when stderr is not a terminal.
 */
final class TrainingProgressBar implements FineTuneListener, AutoCloseable {
    private final PrintWriter out;
    private final String name;
    private final boolean terminal;
    private final Runnable onSaved;
    private ProgressBar bar;
    private double smoothedLoss = Double.NaN;

    /**
     * @param name    the bar's label (the benchmark shows one bar per task)
     * @param onSaved run after each checkpoint save (redraws the training curves)
     */
    TrainingProgressBar(PrintWriter out, String name, Runnable onSaved) {
        this.out = out;
        this.name = name;
        this.terminal = ProgressFrames.terminal();
        this.onSaved = onSaved;
    }

    @Override
    public void started(long firstStep, long totalSteps) {
        ProgressBarBuilder builder = new ProgressBarBuilder()
                .setTaskName(name)
                .setInitialMax(totalSteps)
                .setUnit(" steps", 1)
                .showSpeed(new DecimalFormat("0.00"))
                // Resumed steps count as done but not towards the rate, so the ETA stays honest.
                .startsFrom(firstStep, Duration.ZERO)
                .setConsumer(ProgressFrames.on(out));
        if (!terminal) builder.setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(10_000);
        bar = builder.build();
    }

    @Override
    public void stepped(StepResult s) {
        // An exponential moving average: single-batch losses are too noisy to read.
        smoothedLoss = Double.isNaN(smoothedLoss) ? s.loss() : 0.98 * smoothedLoss + 0.02 * s.loss();
        bar.stepTo(s.step());
        bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f lr %.2e", smoothedLoss, s.learningRate()));
    }

    @Override
    public void evaluating(long step, int examples) {
        bar.setExtraMessage(String.format(Locale.ROOT, "evaluating %,d examples", examples));
        bar.refresh();
    }

    @Override
    public void evaluated(long step, int epoch, Map<String, Double> metrics, boolean best) {
        out.printf(Locale.ROOT, "%n[eval] step %d, epoch %d: %s%s%n", step, epoch + 1, format(metrics),
                best ? " (best: saved)" : "");
    }

    @Override
    public void saved(long step, Path checkpoint) {
        onSaved.run();
    }

    @Override
    public void scored(long step, int epoch, String split, Map<String, Double> metrics) {
        out.printf(Locale.ROOT, "%n[%s] step %d, epoch %d: %s%n", split, step, epoch + 1, format(metrics));
    }

    private static String format(Map<String, Double> metrics) {
        return metrics.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.4f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            out.println();
        }
    }
}
