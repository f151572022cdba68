package dev.deberta4j.download;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class StallWatchdogTest {
    /**
     * A body silent from the start is closed one period later, not two: the first check used to compare against
     * "no count yet" and only the second check fired (the documented 30 s stall became about 60 s).
     */
    @Test
    void firesOnePeriodAfterTheLastByteNotTwo() throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        long start = System.nanoTime();
        try (StallWatchdog watchdog = new StallWatchdog(closed::countDown, Duration.ofSeconds(1))) {
            assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(seconds).isBetween(0.95, 1.8);
            assertThat(watchdog.cause()).isEqualTo(StallWatchdog.Cause.STALLED);
        }
    }

    @Test
    void progressKeepsItQuietAndTheDeadlineStillEndsIt() throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        try (StallWatchdog watchdog = new StallWatchdog(closed::countDown, Duration.ofMillis(400), Duration.ofMillis(1500))) {
            long start = System.nanoTime();
            for (int i = 1; closed.getCount() > 0 && i < 200; i++) {
                watchdog.progressed(i); // a byte every 50 ms: never a stall
                Thread.sleep(50);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(watchdog.cause()).isEqualTo(StallWatchdog.Cause.DEADLINE);
            assertThat(seconds).isBetween(1.4, 5.0);
        }
    }
}
