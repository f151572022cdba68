package dev.deberta4j.serve;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Gathers single inputs from concurrent requests into forward passes. A batch starts with the oldest waiting input
 * (so none starves) and takes the waiting inputs of the same {@link Lane} closest to it in length, as long as the
 * padded size (longest input x inputs) stays within the token budget and the input count within the request cap
 * (an input longer than the whole budget still runs, in a batch of its own).
 * A batch that is not full waits at most {@code maxWaitNanos} after its first input arrived; while every worker is
 * busy, inputs simply accumulate. Batches run on a fixed pool of workers; a cancelled input (its client went away)
 * leaves the queue at once and is never computed.
 */
final class DynamicBatcher implements AutoCloseable {

    /** Inputs that may share a forward pass (one pipeline with one set of settings); run gives results in order. */
    @FunctionalInterface
    interface Lane<P, R> {
        List<R> run(List<P> inputs);
    }

    /** A result and where its time went. */
    record Result<R>(R value, long queueNanos, long inferenceNanos, int batchInputs) {
    }

    /** Told about every batch before it runs. */
    interface Listener {
        void batch(int inputs, int paddedTokens);

        void finished(long queueNanos, long inferenceNanos);
    }

    private static final class Item<P, R> {
        final Lane<P, R> lane;
        final P payload;
        final int tokens;
        final long enqueued = System.nanoTime();
        final CompletableFuture<Result<R>> future = new CompletableFuture<>();

        Item(Lane<P, R> lane, P payload, int tokens) {
            this.lane = lane;
            this.payload = payload;
            this.tokens = tokens;
        }
    }

    private final int maxBatchTokens;
    private final int maxBatchRequests;
    private final long maxWaitNanos;
    private final Listener listener;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<Item<?, ?>> queue = new ArrayList<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final Semaphore freeWorkers;
    private final ExecutorService workers;
    private final Thread dispatcher;
    private boolean closed;

    DynamicBatcher(int maxBatchTokens, int maxBatchRequests, long maxWaitNanos, int workerCount, Listener listener) {
        this.maxBatchTokens = maxBatchTokens;
        this.maxBatchRequests = maxBatchRequests;
        this.maxWaitNanos = maxWaitNanos;
        this.listener = listener;
        this.freeWorkers = new Semaphore(workerCount);
        this.workers = Executors.newFixedThreadPool(workerCount, Thread.ofPlatform().name("deberta4j-batch-", 0).factory());
        this.dispatcher = Thread.ofPlatform().name("deberta4j-batcher").start(this::dispatch);
    }

    /** Inputs waiting for a forward pass. */
    int queueDepth() {
        return queued.get();
    }

    /**
     * Queues one input of {@code tokens} tokens. Cancelling the returned future withdraws the input if it has not
     * started; an exception from the lane fails every input of its batch.
     */
    <P, R> CompletableFuture<Result<R>> submit(Lane<P, R> lane, P payload, int tokens) {
        Item<P, R> item = new Item<>(lane, payload, tokens);
        lock.lock();
        try {
            if (closed) throw new ApiError(503, "Unhealthy", "the server is shutting down");
            queue.add(item);
            queued.incrementAndGet();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        item.future.whenComplete((r, e) -> {
            if (item.future.isCancelled()) withdraw(item);
        });
        return item.future;
    }

    private void withdraw(Item<?, ?> item) {
        lock.lock();
        try {
            if (queue.remove(item)) queued.decrementAndGet();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void dispatch() {
        try {
            while (true) {
                freeWorkers.acquire();
                List<Item<?, ?>> batch = nextBatch();
                if (batch == null) {
                    freeWorkers.release();
                    return;
                }
                workers.execute(() -> {
                    try {
                        run(batch);
                    } finally {
                        freeWorkers.release();
                    }
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Blocks for the next batch; null once closed and drained. */
    private List<Item<?, ?>> nextBatch() throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                if (queue.isEmpty()) {
                    if (closed) return null;
                    changed.await();
                    continue;
                }
                Item<?, ?> first = queue.getFirst();
                List<Item<?, ?>> batch = select(first);
                long waitLeft = first.enqueued + maxWaitNanos - System.nanoTime();
                if (full(batch) || waitLeft <= 0 || closed) {
                    queue.removeAll(batch);
                    queued.addAndGet(-batch.size());
                    return batch;
                }
                changed.awaitNanos(waitLeft);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The oldest input plus the same-lane inputs nearest to it in length that fit the budget. */
    private List<Item<?, ?>> select(Item<?, ?> first) {
        List<Item<?, ?>> candidates = new ArrayList<>();
        for (Item<?, ?> it : queue) {
            if (it != first && it.lane == first.lane) candidates.add(it);
        }
        candidates.sort(Comparator.comparingInt(it -> Math.abs(it.tokens - first.tokens)));   // stable: FIFO on ties
        List<Item<?, ?>> batch = new ArrayList<>();
        batch.add(first);
        int longest = first.tokens;
        for (Item<?, ?> it : candidates) {
            if (batch.size() >= maxBatchRequests) break;
            int l = Math.max(longest, it.tokens);
            if ((long) l * (batch.size() + 1) > maxBatchTokens) continue;
            batch.add(it);
            longest = l;
        }
        return batch;
    }

    private boolean full(List<Item<?, ?>> batch) {
        int longest = batch.stream().mapToInt(it -> it.tokens).max().orElse(0);
        return batch.size() >= maxBatchRequests || (long) longest * (batch.size() + 1) > maxBatchTokens;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void run(List<Item<?, ?>> batch) {
        long start = System.nanoTime();
        int longest = batch.stream().mapToInt(it -> it.tokens).max().orElse(0);
        listener.batch(batch.size(), longest * batch.size());
        Lane lane = batch.getFirst().lane;
        List<Object> payloads = new ArrayList<>(batch.size());
        for (Item<?, ?> it : batch) payloads.add(it.payload);
        List<?> results;
        try {
            results = lane.run(payloads);
        } catch (RuntimeException | Error e) {
            for (Item<?, ?> it : batch) it.future.completeExceptionally(e);
            return;
        }
        long end = System.nanoTime();
        for (int i = 0; i < batch.size(); i++) {
            Item it = batch.get(i);
            listener.finished(start - it.enqueued, end - start);
            it.future.complete(new Result<>(results.get(i), start - it.enqueued, end - start, batch.size()));
        }
    }

    /** Stops taking inputs, computes the ones already queued, then stops the workers. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            dispatcher.join();
            workers.shutdown();
            workers.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
