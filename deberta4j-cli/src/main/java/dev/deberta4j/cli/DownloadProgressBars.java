package dev.deberta4j.cli;

import dev.deberta4j.download.DownloadListener;
import java.io.PrintWriter;
import java.text.DecimalFormat;
import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Renders a {@link DownloadListener}'s events as one progress bar per file (size, rate, ETA) on a stream. */
final class DownloadProgressBars implements DownloadListener, AutoCloseable {

    private final PrintWriter out;
    private final boolean terminal;
    private ProgressBar current;

    DownloadProgressBars(PrintWriter out) {
        this(out, ProgressFrames.terminal());
    }

    DownloadProgressBars(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void started(String file, long totalBytes, long resumedFromBytes) {
        close();
        // Whole units only: kB for files under 10 MB (tokenizer, config), MB for weights.
        boolean small = totalBytes >= 0 && totalBytes < 10_000_000;
        ProgressBarBuilder builder = new ProgressBarBuilder()
                .setTaskName(file)
                .setInitialMax(totalBytes)
                .setUnit(small ? "kB" : "MB", small ? 1_000 : 1_000_000)
                .showSpeed(new DecimalFormat("0.0"))
                // Resumed bytes count as done but not as transferred now, so rate and ETA stay honest.
                .startsFrom(resumedFromBytes, Duration.ZERO)
                .setConsumer(ProgressFrames.on(out));
        if (!terminal) {
            // Redirected output: plain ASCII, and few frames so a log file stays readable.
            builder.setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(2_000);
        }
        current = builder.build();
    }

    @Override
    public void progressed(String file, long bytesDone) {
        if (current != null) {
            current.stepTo(bytesDone);
        }
    }

    @Override
    public void finished(String file) {
        close();
    }

    @Override
    public void alreadyCached(String file) {
        out.println(file + ": already in the cache");
    }

    /** Ends the bar of the file in progress, if any (also when a download fails half-way). */
    @Override
    public void close() {
        if (current != null) {
            current.close();
            out.println(); // the console consumer leaves the cursor after the last frame
            current = null;
        }
    }
}
