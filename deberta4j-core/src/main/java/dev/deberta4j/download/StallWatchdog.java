package dev.deberta4j.download;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a response body that has delivered no bytes for a whole period, or that is still open at an overall
 * deadline, which unblocks the reading thread with an IOException. Needed because {@code HttpRequest.timeout} only
 * covers the wait for the response headers, not a transfer that stalls half-way or trickles forever.
 * The body is checked every tenth of the period, so it is closed between one and 1.1 periods after its last byte
 * (checking once a period, as before, let a stall last almost two periods).
 */
public final class StallWatchdog implements AutoCloseable {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "deberta4j-download-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    /** Why the watchdog closed the body. */
    public enum Cause { STALLED, DEADLINE }

    private final Closeable body;
    private final ScheduledFuture<?> check;
    private final long periodNanos;
    private final boolean hasDeadline;
    private final long deadlineNanos;
    private volatile long lastProgressNanos;
    private volatile long bytesSeen;
    private volatile Cause fired;

    public StallWatchdog(Closeable body, Duration period) {
        this(body, period, null);
    }

    /** @param deadline the longest the whole body may take, or null for no limit */
    public StallWatchdog(Closeable body, Duration period, Duration deadline) {
        this.body = body;
        this.periodNanos = period.toNanos();
        long now = System.nanoTime();
        this.lastProgressNanos = now;
        this.hasDeadline = deadline != null;
        this.deadlineNanos = deadline == null ? 0 : now + deadline.toNanos();
        long tick = Math.max(1, period.toMillis() / 10);
        this.check = TIMER.scheduleAtFixedRate(this::closeIfStalled, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** Called by the reader after each chunk; {@code total} only ever grows within one response. */
    public void progressed(long total) {
        if (total != bytesSeen) {
            bytesSeen = total;
            lastProgressNanos = System.nanoTime();
        }
    }

    /** Whether the body was closed for stalling or the deadline (then the reader's IOException means "timed out"). */
    public boolean fired() {
        return fired != null;
    }

    /** Why the body was closed, or null while it was not. */
    public Cause cause() {
        return fired;
    }

    @Override
    public void close() {
        check.cancel(false);
    }

    private void closeIfStalled() {
        long now = System.nanoTime();
        Cause cause = now - lastProgressNanos >= periodNanos ? Cause.STALLED
                : hasDeadline && now - deadlineNanos >= 0 ? Cause.DEADLINE : null;
        if (cause == null) {
            return;
        }
        fired = cause;
        check.cancel(false);
        try {
            body.close();
        } catch (IOException ignored) {
            // the reader sees the failure either way
        }
    }
}
