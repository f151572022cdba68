package dev.deberta4j.cli;

import dev.deberta4j.corpus.CorpusTokenization;
import dev.deberta4j.corpus.TokenCache;
import dev.deberta4j.pretrain.PretrainListener;
import dev.deberta4j.pretrain.PretrainStep;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.time.Duration;
import java.util.Locale;

/**
 * A pre-training run on the console: a bar over the corpus's stored kilobytes while it is tokenised, then a bar
 * over the run's tokens (rate in tokens/s, ETA) whose message carries the step, MLM and RTD losses (moving
 * averages), RTD precision and recall on replaced tokens and the replaced fraction. ASCII frames when stderr is
 * not a terminal.
 */
final class PretrainProgress implements CorpusTokenization.Listener, PretrainListener, AutoCloseable {
    private static final double SMOOTHING = 0.98;
    private static final int LOG_WIDTH = 200;

    private final PrintWriter out;
    private final boolean terminal;
    private final Runnable onSaved;
    private ProgressBar bar;
    private long totalSteps;
    private double mlm = Double.NaN, rtd, precision, recall, replaced;

    /** @param onSaved run after each checkpoint save (redraws the training curves) */
    PretrainProgress(PrintWriter out, Runnable onSaved) {
        this.out = out;
        this.terminal = ProgressFrames.terminal();
        this.onSaved = onSaved;
    }

    private ProgressBarBuilder builder(String task, long max, String unit, long scale, long from) {
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setUnit(unit, scale)
                .showSpeed(new DecimalFormat("#,##0.0")).startsFrom(from, Duration.ZERO);
        // A log (stderr not a terminal) gets ASCII frames, few of them, and room for the whole message.
        if (terminal) {
            b.setConsumer(ProgressFrames.on(out));
        } else {
            b.setConsumer(ProgressFrames.on(out, LOG_WIDTH)).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(10_000);
        }
        return b;
    }

    // ---- tokenising

    @Override
    public void reused(TokenCache cache) {
        out.printf(Locale.ROOT, "token cache: reusing %s (%,d sequences of %d tokens)%n", cache.file(),
                cache.sequences(), cache.seqLength());
    }

    @Override
    public void rebuilding(Path file, String why) {
        out.printf(Locale.ROOT, "token cache: rebuilding %s: %s%n", file, why);
    }

    @Override
    public void tokenizing(long totalBytes) {
        bar = builder("tokenize", totalBytes, " kB", 1 << 10, 0).build();
    }

    @Override
    public void progress(long bytesRead) {
        bar.stepTo(bytesRead);
    }

    @Override
    public void built(TokenCache cache, long documents, long tokens) {
        closeBar();
        out.printf(Locale.ROOT, "token cache: %,d documents, %,d tokens, %,d sequences of %d tokens in %s%n",
                documents, tokens, cache.sequences(), cache.seqLength(), cache.file());
    }

    // ---- training

    @Override
    public void started(long firstStep, long totalSteps, long tokensPerStep) {
        this.totalSteps = totalSteps;
        // Resumed tokens count as done but not towards the rate, so the ETA stays honest.
        bar = builder("pretrain", totalSteps * tokensPerStep, " tok", 1, firstStep * tokensPerStep).build();
    }

    @Override
    public void stepped(PretrainStep s) {
        // Exponential moving averages: single-step values are too noisy to read.
        if (Double.isNaN(mlm)) {
            mlm = s.mlmLoss();
            rtd = s.rtdLoss();
            precision = s.rtdPrecision();
            recall = s.rtdRecall();
            replaced = s.replacedFraction();
        } else {
            mlm = smooth(mlm, s.mlmLoss());
            rtd = smooth(rtd, s.rtdLoss());
            precision = smooth(precision, s.rtdPrecision());
            recall = smooth(recall, s.rtdRecall());
            replaced = smooth(replaced, s.replacedFraction());
        }
        bar.stepTo(s.tokens());
        bar.setExtraMessage(String.format(Locale.ROOT,
                "step %d/%d mlm %.3f rtd %.4f P %.2f R %.2f repl %.2f lr %.1e", s.step(), totalSteps, mlm, rtd,
                precision, recall, replaced, s.learningRate()));
    }

    private static double smooth(double average, double value) {
        return SMOOTHING * average + (1 - SMOOTHING) * value;
    }

    @Override
    public void saved(long step, Path checkpoint) {
        onSaved.run();
    }

    @Override
    public void exported(Path output) {
        closeBar();
        out.printf("exported %s and %s%n", output.resolve("discriminator"), output.resolve("generator"));
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            out.println();
            bar = null;
        }
    }

    @Override
    public void close() {
        closeBar();
    }
}
