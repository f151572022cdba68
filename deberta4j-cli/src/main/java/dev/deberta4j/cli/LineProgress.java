package dev.deberta4j.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintWriter;
import java.text.DecimalFormat;

/** A progress bar over the inputs of a file (texts, rate, ETA) on stderr; nothing for text arguments. */
final class LineProgress implements AutoCloseable {
    private final ProgressBar bar;
    private final PrintWriter out;

    private LineProgress(ProgressBar bar, PrintWriter out) {
        this.bar = bar;
        this.out = out;
    }

    static LineProgress of(String task, int total, boolean shown, PrintWriter out) {
        if (!shown) return new LineProgress(null, out);
        boolean terminal = ProgressFrames.terminal();
        ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" texts", 1)
                .showSpeed(new DecimalFormat("0.0")).setConsumer(ProgressFrames.on(out));
        // Redirected output: plain ASCII and few frames, so a log stays readable.
        if (!terminal) builder.setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(2_000);
        return new LineProgress(builder.build(), out);
    }

    void step(int done) {
        if (bar != null) bar.stepBy(done);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            out.println();   // the console consumer leaves the cursor after the last frame
        }
    }
}
