package dev.deberta4j.download;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a response body that has delivered no bytes for a whole period, which unblocks the reading thread with an
 * IOException so the download is retried from where it stopped. Needed because {@code HttpRequest.timeout} only
 * covers the wait for the response headers, not a transfer that stalls half-way.
 */
public final class StallWatchdog implements AutoCloseable {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "deberta4j-download-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final Closeable body;
    private final ScheduledFuture<?> check;
    private volatile long bytesSeen;
    private long bytesAtLastCheck = -1;
    private volatile boolean fired;

    public StallWatchdog(Closeable body, Duration period) {
        this.body = body;
        long millis = period.toMillis();
        this.check = TIMER.scheduleAtFixedRate(this::closeIfStalled, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Called by the reader after each chunk; {@code total} only ever grows within one response. */
    public void progressed(long total) {
        bytesSeen = total;
    }

    /** Whether the body was closed for stalling (then the reader's IOException means "timed out"). */
    public boolean fired() {
        return fired;
    }

    @Override
    public void close() {
        check.cancel(false);
    }

    private void closeIfStalled() {
        long now = bytesSeen;
        if (now == bytesAtLastCheck) {
            fired = true;
            check.cancel(false);
            try {
                body.close();
            } catch (IOException ignored) {
                // the reader sees the failure either way
            }
        }
        bytesAtLastCheck = now;
    }
}
