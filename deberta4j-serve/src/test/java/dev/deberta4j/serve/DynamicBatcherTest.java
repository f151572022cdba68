package dev.deberta4j.serve;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Batch formation: token budget, request cap, length grouping, lanes, max wait, cancellation, close. */
class DynamicBatcherTest {
    private static final DynamicBatcher.Listener QUIET = new DynamicBatcher.Listener() {
        @Override public void batch(int inputs, int paddedTokens) { }

        @Override public void finished(long queueNanos, long inferenceNanos) { }
    };

    /** A lane that records its batches (the token count is the payload) and can hold its worker at a gate. */
    private static final class Recording implements DynamicBatcher.Lane<Integer, String> {
        final List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch started = new CountDownLatch(1);
        volatile CountDownLatch gate = new CountDownLatch(0);

        @Override
        public List<String> run(List<Integer> inputs) {
            batches.add(List.copyOf(inputs));
            started.countDown();
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return inputs.stream().map(i -> "r" + i).toList();
        }
    }

    private static List<CompletableFuture<DynamicBatcher.Result<String>>> submitAll(DynamicBatcher b, Recording lane, int... tokens) {
        List<CompletableFuture<DynamicBatcher.Result<String>>> out = new ArrayList<>();
        for (int t : tokens) out.add(b.submit(lane, t, t));
        return out;
    }

    @Test
    void waitingInputsShareBatchesWithinTheTokenBudgetGroupedByLengthAndResultsStayWithTheirInput() throws Exception {
        Recording lane = new Recording();
        lane.gate = new CountDownLatch(1);
        try (DynamicBatcher b = new DynamicBatcher(100, 8, 0, 1, QUIET)) {
            var blocker = b.submit(lane, 1, 1);
            assertThat(lane.started.await(10, TimeUnit.SECONDS)).isTrue();   // the worker is busy: the rest accumulates
            var futures = submitAll(b, lane, 10, 50, 12, 48, 11, 9, 30);
            assertThat(b.queueDepth()).isEqualTo(7);
            lane.gate.countDown();
            for (var f : futures) assertThat(f.get(10, TimeUnit.SECONDS).value()).isEqualTo("r" + f.get().value().substring(1));
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get().value()).isEqualTo("r" + new int[]{10, 50, 12, 48, 11, 9, 30}[i]);
            }
            blocker.get(10, TimeUnit.SECONDS);
            List<List<Integer>> batches = lane.batches.subList(1, lane.batches.size());
            // oldest first (10), then the nearest lengths while longest x count <= 100: 11, 9, 12 (12 x 4 = 48;
            // 30 would make 30 x 5 = 150); the next batch starts with the oldest left (50) and takes 48 (50 x 2 = 100)
            assertThat(batches).containsExactly(List.of(10, 11, 9, 12), List.of(50, 48), List.of(30));
            for (List<Integer> batch : lane.batches) {
                assertThat((long) Collections.max(batch) * batch.size()).isLessThanOrEqualTo(100);
            }
        }
    }

    @Test
    void theRequestCapLimitsABatchAndOneDisablesBatching() throws Exception {
        Recording lane = new Recording();
        lane.gate = new CountDownLatch(1);
        try (DynamicBatcher b = new DynamicBatcher(1_000_000, 1, 0, 1, QUIET)) {
            b.submit(lane, 5, 5);
            lane.started.await(10, TimeUnit.SECONDS);
            var futures = submitAll(b, lane, 5, 5, 5);
            lane.gate.countDown();
            for (var f : futures) f.get(10, TimeUnit.SECONDS);
            assertThat(lane.batches).hasSize(4).allSatisfy(batch -> assertThat(batch).hasSize(1));
        }
    }

    @Test
    void anInputLongerThanTheWholeBudgetStillRunsAlone() throws Exception {
        Recording lane = new Recording();
        try (DynamicBatcher b = new DynamicBatcher(10, 16, 0, 1, QUIET)) {
            assertThat(b.submit(lane, 50, 50).get(10, TimeUnit.SECONDS).value()).isEqualTo("r50");
            assertThat(lane.batches).containsExactly(List.of(50));
        }
    }

    @Test
    void inputsOfDifferentLanesNeverShareABatch() throws Exception {
        Recording a = new Recording();
        Recording other = new Recording();
        a.gate = new CountDownLatch(1);
        try (DynamicBatcher b = new DynamicBatcher(1000, 16, 0, 1, QUIET)) {
            b.submit(a, 1, 1);
            a.started.await(10, TimeUnit.SECONDS);
            var fa = submitAll(b, a, 2, 3);
            var fo = submitAll(b, other, 4, 5);
            a.gate.countDown();
            for (var f : fa) f.get(10, TimeUnit.SECONDS);
            for (var f : fo) f.get(10, TimeUnit.SECONDS);
            assertThat(a.batches).containsExactly(List.of(1), List.of(2, 3));
            assertThat(other.batches).containsExactly(List.of(4, 5));
        }
    }

    @Test
    void anIdleBatcherWaitsUpToTheMaxWaitForCompanions() throws Exception {
        Recording lane = new Recording();
        try (DynamicBatcher b = new DynamicBatcher(1000, 16, TimeUnit.SECONDS.toNanos(2), 1, QUIET)) {
            var first = b.submit(lane, 3, 3);
            Thread.sleep(100);
            var second = b.submit(lane, 4, 4);
            first.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);
            assertThat(lane.batches).containsExactly(List.of(3, 4));
            assertThat(first.get().queueNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    @Test
    void aCancelledInputLeavesTheQueueAndIsNeverComputed() throws Exception {
        Recording lane = new Recording();
        lane.gate = new CountDownLatch(1);
        try (DynamicBatcher b = new DynamicBatcher(1000, 16, 0, 1, QUIET)) {
            b.submit(lane, 1, 1);
            lane.started.await(10, TimeUnit.SECONDS);
            var keep = b.submit(lane, 2, 2);
            var drop = b.submit(lane, 3, 3);
            drop.cancel(false);
            assertThat(b.queueDepth()).isEqualTo(1);
            lane.gate.countDown();
            keep.get(10, TimeUnit.SECONDS);
            assertThat(lane.batches).containsExactly(List.of(1), List.of(2));
        }
    }

    @Test
    void aFailingBatchFailsItsInputsAndCloseFinishesQueuedWorkThenRefusesMore() throws Exception {
        DynamicBatcher.Lane<Integer, String> broken = inputs -> {
            throw new IllegalStateException("boom");
        };
        Recording lane = new Recording();
        DynamicBatcher b = new DynamicBatcher(1000, 16, 0, 1, QUIET);
        var failed = b.submit(broken, 1, 1);
        assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("boom");
        lane.gate = new CountDownLatch(1);
        b.submit(lane, 1, 1);
        lane.started.await(10, TimeUnit.SECONDS);
        var queued = b.submit(lane, 2, 2);
        Thread closer = Thread.ofPlatform().start(b::close);
        Thread.sleep(100);
        assertThatThrownBy(() -> b.submit(lane, 3, 3)).isInstanceOf(ApiError.class).hasMessageContaining("shutting down");
        lane.gate.countDown();
        closer.join(10_000);
        assertThat(queued.get(1, TimeUnit.SECONDS).value()).isEqualTo("r2");
    }
}
