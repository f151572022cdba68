package dev.deberta4j.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ThreadPoolTest {

    @Test
    void everyIndexRunsExactlyOnceInContiguousChunks() {
        ThreadPool pool = new ThreadPool(3);
        try {
            for (int n : new int[] {0, 1, 2, 3, 4, 10, 1001}) {
                AtomicIntegerArray hits = new AtomicIntegerArray(n);
                Set<String> chunks = ConcurrentHashMap.newKeySet();
                pool.parallelFor(n, (s, e) -> {
                    chunks.add(s + ".." + e);
                    for (int i = s; i < e; i++) {
                        hits.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < n; i++) {
                    assertThat(hits.get(i)).as("n=%d index %d", n, i).isEqualTo(1);
                }
                assertThat(chunks).hasSize(Math.min(n, 3));
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void chunksRunOnSeveralThreads() {
        ThreadPool pool = new ThreadPool(2);
        try {
            Set<Thread> seen = ConcurrentHashMap.newKeySet();
            for (int attempt = 0; attempt < 50 && seen.size() < 2; attempt++) {
                pool.parallelFor(2, (s, e) -> {
                    seen.add(Thread.currentThread());
                    long until = System.nanoTime() + 2_000_000;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                });
            }
            assertThat(seen).hasSize(2);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void nestedCallsCompleteWithoutDeadlock() {
        ThreadPool pool = new ThreadPool(2);
        try {
            AtomicIntegerArray hits = new AtomicIntegerArray(8 * 100);
            pool.parallelFor(8, (s, e) -> {
                for (int outer = s; outer < e; outer++) {
                    int base = outer * 100;
                    pool.parallelFor(100, (is, ie) -> {
                        for (int i = is; i < ie; i++) {
                            hits.incrementAndGet(base + i);
                        }
                    });
                }
            });
            for (int i = 0; i < hits.length(); i++) {
                assertThat(hits.get(i)).isEqualTo(1);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void exceptionsPropagateAfterAllChunksFinish() {
        ThreadPool pool = new ThreadPool(2);
        try {
            AtomicIntegerArray done = new AtomicIntegerArray(2);
            assertThatThrownBy(() -> pool.parallelFor(2, (s, e) -> {
                if (s == 1) {
                    throw new IllegalStateException("boom in chunk " + s);
                }
                long until = System.nanoTime() + 5_000_000;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                done.set(s, 1);
            })).isInstanceOf(IllegalStateException.class).hasMessage("boom in chunk 1");
            assertThat(done.get(0)).isEqualTo(1);
            // The pool still works afterwards.
            AtomicIntegerArray hits = new AtomicIntegerArray(5);
            pool.parallelFor(5, (s, e) -> {
                for (int i = s; i < e; i++) {
                    hits.incrementAndGet(i);
                }
            });
            for (int i = 0; i < 5; i++) {
                assertThat(hits.get(i)).isEqualTo(1);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void shutdownLetsTheWorkersExitWithoutInterruptingARunningChunk() throws Exception {
        ThreadPool pool = new ThreadPool(3);
        Set<Thread> workers = ConcurrentHashMap.newKeySet();
        Set<Boolean> interrupted = ConcurrentHashMap.newKeySet();
        Thread caller = Thread.currentThread();
        for (int attempt = 0; attempt < 50 && workers.size() < 2; attempt++) {
            pool.parallelFor(3, (s, e) -> {
                if (Thread.currentThread() != caller) {
                    workers.add(Thread.currentThread());
                    if (workers.size() == 2) {
                        pool.shutdown();   // while this chunk is still running
                    }
                    long until = System.nanoTime() + 1_000_000;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    interrupted.add(Thread.currentThread().isInterrupted());
                } else {
                    long until = System.nanoTime() + 2_000_000;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                }
            });
        }
        pool.shutdown();
        assertThat(workers).hasSize(2);
        for (Thread worker : workers) {
            worker.join(5_000);
            assertThat(worker.isAlive()).as(worker.getName()).isFalse();
        }
        assertThat(interrupted).containsOnly(false);
    }

    @Test
    void shutDownPoolRunsOnTheCaller() {
        ThreadPool pool = new ThreadPool(4);
        pool.shutdown();
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        pool.parallelFor(100, (s, e) -> seen.add(Thread.currentThread()));
        assertThat(seen).containsExactly(Thread.currentThread());
    }

    @Test
    void sharedPoolCanBeResized() {
        int before = ThreadPool.shared().threads();
        try {
            ThreadPool.setSharedThreads(3);
            assertThat(ThreadPool.shared().threads()).isEqualTo(3);
        } finally {
            ThreadPool.setSharedThreads(before);
        }
        assertThat(ThreadPool.shared().threads()).isEqualTo(before);
        assertThatThrownBy(() -> new ThreadPool(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("found 0");
    }

    @Test
    void callWithScopesTheKernelPoolToTheCallingThread() throws Exception {
        ThreadPool global = ThreadPool.shared();
        ThreadPool one = new ThreadPool(1);
        ThreadPool seenInside = ThreadPool.callWith(one, () -> {
            assertThat(ThreadPool.callWith(global, ThreadPool::shared)).isSameAs(global);   // nested, restored
            return ThreadPool.shared();
        });
        assertThat(seenInside).isSameAs(one);
        assertThat(ThreadPool.shared()).isSameAs(global);
        Thread other = new Thread(() -> ThreadPool.callWith(one, () -> null));
        other.start();
        other.join();
        assertThat(ThreadPool.shared()).isSameAs(global);
    }
}
