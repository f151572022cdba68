package dev.deberta4j.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Redraws training-curves.png when a run saves its checkpoint, so that a run that is killed (the usual end of a
 * long run) leaves curves up to a recent checkpoint. Drawing re-reads the whole metrics log, which grows with the
 * run, so after the first draw it waits at least {@link #INTERVAL} between draws; the run's end draws once more.
 * A failed draw is reported and the run goes on: a plot is not worth losing training for.
 */
final class CurvesRedraw {
    static final Duration INTERVAL = Duration.ofMinutes(1);

    private final Runnable draw;
    private final PrintWriter err;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private long lastDraw;
    private boolean drawn;

    CurvesRedraw(Runnable draw, PrintWriter err) {
        this(draw, err, INTERVAL, System::nanoTime);
    }

    CurvesRedraw(Runnable draw, PrintWriter err, Duration interval, LongSupplier nanoTime) {
        this.draw = draw;
        this.err = err;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
    }

    /** A checkpoint was saved: redraws unless the last draw is less than the interval ago. */
    void saved() {
        long now = nanoTime.getAsLong();
        if (drawn && now - lastDraw < intervalNanos) return;
        drawn = true;
        lastDraw = now;
        try {
            draw.run();
        } catch (UncheckedIOException e) {
            err.println("warning: " + e.getMessage() + " (training goes on)");
        }
    }
}
