package dev.deberta4j.concurrent;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Fixed-size worker pool shared by all kernels (default: availableProcessors, or {@code -Ddeberta4j.threads=N}).
 *
 * <p>{@link #parallelFor} splits a range into at most {@link #threads()} contiguous chunks. The chunks of one call
 * are claimed from a shared counter by the caller and by the workers alike, so the caller never waits for a chunk
 * nobody has started: a nested call (from inside a chunk) or a call on a busy or shut-down pool still completes,
 * in the worst case with the caller running every chunk itself.
 */
public final class ThreadPool {

    /** The body of a parallel loop: processes the half-open index range [start, end). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int start, int end);
    }

    private static volatile ThreadPool shared;

    /** A pool that {@link #shared()} returns on this thread instead of the JVM-wide one ({@link #callWith}). */
    private static final ThreadLocal<ThreadPool> SCOPED = new ThreadLocal<>();

    /** Queued once per worker by {@link #shutdown()}: the worker that takes it exits. */
    private static final Job POISON = new Job(0, 0, (start, end) -> { }, null);

    /** How long an idle worker polls for the next job before it parks. */
    private static final long SPIN_NANOS = 50_000L;

    /** True on this pool's worker threads: a parallelFor issued there runs inline. */
    private static final ThreadLocal<Boolean> ON_WORKER = ThreadLocal.withInitial(() -> false);

    private final int threads;
    private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final Thread[] workers;
    private volatile boolean shutdown;

    /** Creates a pool of {@code threads} threads in all: the calling thread plus {@code threads - 1} workers. */
    public ThreadPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("thread count must be >= 1, found " + threads);
        }
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            Thread t = new Thread(this::workerLoop, "deberta4j-worker-" + i);
            t.setDaemon(true);
            workers[i] = t;
            t.start();
        }
    }

    /** The pool used by all kernels: the JVM-wide one, or the one {@link #callWith} set on this thread. */
    public static ThreadPool shared() {
        ThreadPool pool = SCOPED.get();
        if (pool != null) {
            return pool;
        }
        pool = shared;
        if (pool == null) {
            synchronized (ThreadPool.class) {
                pool = shared;
                if (pool == null) {
                    pool = new ThreadPool(defaultThreads());
                    shared = pool;
                }
            }
        }
        return pool;
    }

    /** Replaces the shared pool by one of {@code n} threads (the CLI's --threads); the old pool's workers exit. */
    public static void setSharedThreads(int n) {
        ThreadPool replacement = new ThreadPool(n);
        ThreadPool old;
        synchronized (ThreadPool.class) {
            old = shared;
            shared = replacement;
        }
        if (old != null) {
            old.shutdown();
        }
    }

    /**
     * Runs {@code body} with {@code pool} as this thread's kernel pool, so that several callers of one JVM (e.g. the
     * tasks of a Spark executor) each get their own number of threads instead of sharing the JVM-wide pool.
     */
    public static <T> T callWith(ThreadPool pool, java.util.function.Supplier<T> body) {
        ThreadPool previous = SCOPED.get();
        SCOPED.set(pool);
        try {
            return body.get();
        } finally {
            if (previous == null) {
                SCOPED.remove();
            } else {
                SCOPED.set(previous);
            }
        }
    }

    private static int defaultThreads() {
        String property = System.getProperty("deberta4j.threads");
        if (property == null || property.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int n = Integer.parseInt(property.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("system property deberta4j.threads must be a positive integer, found '"
                + property + "'");
    }

    /** Number of threads that run chunks of one call, the caller included. */
    public int threads() {
        return threads;
    }

    /**
     * Lets the workers exit once they have finished their current chunk; later calls run on the caller alone.
     * Workers are woken by a poison job, not interrupted, so no chunk ever sees an interrupt.
     */
    public void shutdown() {
        shutdown = true;
        for (int i = 0; i < workers.length; i++) {
            queue.offer(POISON);
        }
    }

    /**
     * Runs {@code body} over [0, n) split into at most {@link #threads()} contiguous chunks, one of them on the
     * calling thread, and returns when all are done. The first exception thrown by a chunk is rethrown here (after
     * all chunks finished), later ones are attached to it as suppressed.
     */
    public void parallelFor(int n, RangeBody body) {
        if (n < 0) {
            throw new IllegalArgumentException("parallelFor range must be >= 0, found " + n);
        }
        int chunks = Math.min(n, threads);
        if (chunks <= 1 || ON_WORKER.get() || shutdown) {
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        Job job = new Job(n, chunks, body, Thread.currentThread());
        for (int i = 1; i < chunks; i++) {
            queue.offer(job);
        }
        job.runChunks();
        job.awaitCompletion();
        job.rethrowFailure();
    }

    private void workerLoop() {
        ON_WORKER.set(true);
        while (!shutdown) {
            Job job = pollBriefly();
            if (job == null) {
                try {
                    job = queue.take();
                } catch (InterruptedException e) {
                    continue; // nobody interrupts workers; re-check shutdown all the same
                }
            }
            if (job == POISON) {
                return;
            }
            job.runChunks();
        }
    }

    /**
     * Kernels come in bursts (one parallelFor per layer op): spinning a few microseconds for the next job before
     * parking saves the wake-up latency, which is comparable to a small product.
     */
    private Job pollBriefly() {
        long deadline = System.nanoTime() + SPIN_NANOS;
        Job job;
        while ((job = queue.poll()) == null && System.nanoTime() < deadline && !shutdown) {
            Thread.onSpinWait();
        }
        return job;
    }

    /** One parallelFor call: its chunks are claimed by index from {@code next}. */
    private static final class Job {
        private final int n;
        private final int chunks;
        private final RangeBody body;
        private final Thread caller;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger remaining;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Job(int n, int chunks, RangeBody body, Thread caller) {
            this.n = n;
            this.chunks = chunks;
            this.body = body;
            this.caller = caller;
            this.remaining = new AtomicInteger(chunks);
        }

        void runChunks() {
            int chunk;
            while ((chunk = next.getAndIncrement()) < chunks) {
                int start = (int) ((long) chunk * n / chunks);
                int end = (int) ((long) (chunk + 1) * n / chunks);
                try {
                    body.run(start, end);
                } catch (Throwable t) {
                    if (!failure.compareAndSet(null, t)) {
                        synchronized (this) {
                            failure.get().addSuppressed(t);
                        }
                    }
                }
                if (remaining.decrementAndGet() == 0) {
                    LockSupport.unpark(caller);
                }
            }
        }

        void awaitCompletion() {
            int spins = 0;
            while (remaining.get() > 0) {
                if (spins < 2_000) {
                    spins++;
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(this, 100_000L);
                }
            }
        }

        void rethrowFailure() {
            Throwable t = failure.get();
            if (t == null) {
                return;
            }
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("parallelFor chunk failed", t);
        }
    }
}
