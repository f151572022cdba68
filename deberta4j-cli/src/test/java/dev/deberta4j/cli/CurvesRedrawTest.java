package dev.deberta4j.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class CurvesRedrawTest {
    @Test
    void drawsAtTheFirstSaveThenAtMostOncePerInterval() {
        AtomicLong clock = new AtomicLong(5_000_000_000L);
        AtomicInteger draws = new AtomicInteger();
        CurvesRedraw redraw = new CurvesRedraw(draws::incrementAndGet, new PrintWriter(new StringWriter()),
                Duration.ofSeconds(60), clock::get);
        redraw.saved();
        assertThat(draws).hasValue(1);
        clock.addAndGet(Duration.ofSeconds(59).toNanos());
        redraw.saved();
        assertThat(draws).as("59 s after the first draw").hasValue(1);
        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        redraw.saved();
        assertThat(draws).as("60 s after the first draw").hasValue(2);
        redraw.saved();
        assertThat(draws).hasValue(2);
    }

    @Test
    void aFailedDrawIsAWarningAndTheRunGoesOn() {
        StringWriter err = new StringWriter();
        CurvesRedraw redraw = new CurvesRedraw(() -> {
            throw new UncheckedIOException("run/training-curves.png: cannot write the plot: disk full",
                    new IOException("disk full"));
        }, new PrintWriter(err, true), Duration.ZERO, System::nanoTime);
        redraw.saved();
        assertThat(err.toString().strip()).isEqualTo(
                "warning: run/training-curves.png: cannot write the plot: disk full (training goes on)");
    }
}
