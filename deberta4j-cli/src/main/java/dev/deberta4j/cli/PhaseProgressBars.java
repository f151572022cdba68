package dev.deberta4j.cli;

import dev.deberta4j.tokenizer.training.TrainingProgress;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintWriter;

/** One progress bar per training phase (rate, ETA) on stderr; notes as lines between bars. */
final class PhaseProgressBars implements TrainingProgress, AutoCloseable {
    private final PrintWriter out;
    private final boolean terminal;
    private ProgressBar bar;

    PhaseProgressBars(PrintWriter out) {
        this.out = out;
        this.terminal = ProgressFrames.terminal();
    }

    @Override public void phase(String name, long total, String unit) {
        close();
        ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(name).setInitialMax(total)
                .showSpeed().setConsumer(ProgressFrames.on(out));
        if (unit.equals(" B")) builder.setUnit(" MB", 1 << 20);
        else builder.setUnit(unit, 1);
        // Redirected output: plain ASCII and few frames, so a log stays readable.
        if (!terminal) builder.setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(5_000);
        bar = builder.build();
    }

    @Override public void advance(long done) {
        if (bar != null) bar.stepTo(done);
    }

    @Override public void note(String line) {
        if (bar != null) {
            bar.setExtraMessage(line);
        } else {
            out.println(line);
        }
    }

    @Override public void close() {
        if (bar != null) {
            bar.close();
            out.println();
            bar = null;
        }
    }
}
