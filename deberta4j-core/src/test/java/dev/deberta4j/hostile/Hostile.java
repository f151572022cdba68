package dev.deberta4j.hostile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs one hostile-input case the way a user would meet it: in its own thread, under a time limit, and classifies
 * the outcome (clean refusal, handled, out of memory, stack overflow, hang, other exception). The hostile suite
 * runs in a JVM with a 512 MiB heap (the {@code hostile} surefire execution); the tally of all cases is rewritten
 * to {@code target/hostile-inputs.txt} after each one, the figures docs/security.md quotes.
 */
public final class Hostile {
    /** Far above what any case needs when handled well; the old code took 16 s to forever on these inputs. */
    public static final Duration LIMIT = Duration.ofSeconds(20);

    /** What happened. */
    public enum Outcome { CLEAN_REFUSAL, HANDLED, OUT_OF_MEMORY, STACK_OVERFLOW, HANG, WRONG_ERROR }

    /** The body of a case. */
    @FunctionalInterface
    public interface Case {
        void run() throws Exception;
    }

    private static final Map<String, Outcome> OUTCOMES = new TreeMap<>();

    private Hostile() {}

    /**
     * The case must end within {@link #LIMIT} with an exception of {@code type} whose message is one line
     * and contains {@code messagePart}.
     */
    public static void refuses(String name, Class<? extends Throwable> type, String messagePart, Case body) {
        Throwable thrown = run(name, body);
        boolean clean = thrown != null && type.isInstance(thrown) && thrown.getMessage() != null
                && !thrown.getMessage().contains("\n") && thrown.getMessage().contains(messagePart);
        Outcome outcome = thrown == null ? Outcome.WRONG_ERROR : classify(thrown, clean ? Outcome.CLEAN_REFUSAL : Outcome.WRONG_ERROR);
        record(name, outcome);
        assertThat(outcome).as(name + ": " + describe(thrown)).isEqualTo(Outcome.CLEAN_REFUSAL);
    }

    /** The case must complete normally within {@link #LIMIT} (hostile to a naive engine, fine for ours). */
    public static void survives(String name, Case body) {
        Throwable thrown = run(name, body);
        Outcome outcome = thrown == null ? Outcome.HANDLED : classify(thrown, Outcome.WRONG_ERROR);
        record(name, outcome);
        assertThat(outcome).as(name + ": " + describe(thrown)).isEqualTo(Outcome.HANDLED);
    }

    private static final class Hang extends RuntimeException {
        Hang() { super("no result within " + LIMIT.toSeconds() + " s"); }
    }

    private static Throwable run(String name, Case body) {
        CompletableFuture<Throwable> result = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                body.run();
                result.complete(null);
            } catch (Throwable t) {
                result.complete(t);
            }
        }, "hostile-" + name);
        worker.setDaemon(true);
        worker.start();
        try {
            return result.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            worker.interrupt();
            return new Hang();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Outcome classify(Throwable t, Outcome otherwise) {
        if (t instanceof Hang) return Outcome.HANG;
        if (t instanceof OutOfMemoryError) return Outcome.OUT_OF_MEMORY;
        if (t instanceof StackOverflowError) return Outcome.STACK_OVERFLOW;
        return otherwise;
    }

    private static String describe(Throwable t) {
        return t == null ? "completed without an error" : t.getClass().getName() + ": " + t.getMessage();
    }

    private static synchronized void record(String name, Outcome outcome) {
        OUTCOMES.put(name, outcome);
        Map<Outcome, Integer> counts = new TreeMap<>();
        for (Outcome o : OUTCOMES.values()) counts.merge(o, 1, Integer::sum);
        StringBuilder sb = new StringBuilder("cases " + OUTCOMES.size() + "\n");
        for (Outcome o : Outcome.values()) sb.append(o.name().toLowerCase()).append(' ').append(counts.getOrDefault(o, 0)).append('\n');
        OUTCOMES.forEach((n, o) -> sb.append("  ").append(n).append(": ").append(o.name().toLowerCase()).append('\n'));
        try {
            Path out = Path.of("target", "hostile-inputs.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
