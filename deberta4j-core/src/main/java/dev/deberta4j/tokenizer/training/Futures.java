package dev.deberta4j.tokenizer.training;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for a worker's result: its runtime exception rethrown as is, an interrupt kept. */
final class Futures {
    private Futures() {}

    static <T> T get(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while training", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }
}
