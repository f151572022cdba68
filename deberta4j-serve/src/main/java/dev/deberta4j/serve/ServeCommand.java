package dev.deberta4j.serve;

import dev.deberta4j.concurrent.ThreadPool;
import dev.deberta4j.hub.ModelLocator;
import dev.deberta4j.pipeline.PipelineModel;
import dev.deberta4j.pipeline.Pooling;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code deberta4j serve}: one model behind Text Embeddings Inference's HTTP API until SIGTERM or SIGINT. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve a model over HTTP with Text Embeddings Inference's API (/embed, /predict, /rerank, "
                + "/tokenize, /decode, /v1/embeddings, /health, /info, /metrics) plus /fill-mask, "
                + "/token-classification, /question-answering, /openapi.json and a demo page at /.",
                "SIGTERM or SIGINT: stop accepting, finish the requests in progress, exit 0."})
public final class ServeCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR_OR_REPO", description = "Model directory or Hub repo id.")
    String model;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--max-batch-tokens", defaultValue = "16384",
            description = "Padded tokens (longest input x inputs) per forward pass (default: ${DEFAULT-VALUE}).")
    int maxBatchTokens;

    @Option(names = "--max-batch-requests", defaultValue = "256",
            description = "Inputs per forward pass; 1 disables batching (default: ${DEFAULT-VALUE}).")
    int maxBatchRequests;

    @Option(names = "--max-concurrent-requests", defaultValue = "512",
            description = "Inference requests in the server at once; beyond it 429 (default: ${DEFAULT-VALUE}).")
    int maxConcurrentRequests;

    @Option(names = "--max-client-batch-size", defaultValue = "32",
            description = "Inputs one request may carry (default: ${DEFAULT-VALUE}).")
    int maxClientBatchSize;

    @Option(names = "--auto-truncate", description = "Cut over-long inputs instead of answering 413.")
    boolean autoTruncate;

    @Option(names = "--api-key", paramLabel = "KEY", defaultValue = "${env:API_KEY}",
            description = "Require \"Authorization: Bearer KEY\" on all routes but /, /health and /metrics (default: $API_KEY).")
    String apiKey;

    @Option(names = "--threads", paramLabel = "N", description = "Threads of one forward pass (default: all cores).")
    Integer threads;

    @Option(names = "--workers", defaultValue = "1",
            description = "Forward passes computed at once (default: ${DEFAULT-VALUE}; each uses --threads).")
    int workers;

    @Option(names = "--max-wait-us", defaultValue = "0",
            description = "How long a batch that is not full waits for more inputs, in microseconds (default: ${DEFAULT-VALUE}).")
    long maxWaitMicros;

    @Option(names = "--payload-limit", defaultValue = "2000000", description = "Largest request body in bytes (default: ${DEFAULT-VALUE}).")
    long payloadLimit;

    @Option(names = "--pooling", defaultValue = "mean", description = "Embedding pooling for /embed: mean or cls (default: ${DEFAULT-VALUE}).")
    String pooling;

    @Override
    public Integer call() {
        try {
            ServeOptions options = new ServeOptions(model, host, port, maxBatchTokens, maxBatchRequests,
                    maxConcurrentRequests, maxClientBatchSize, autoTruncate, apiKey == null || apiKey.isEmpty() ? null : apiKey,
                    maxWaitMicros, payloadLimit, workers, parsePooling(pooling));
            if (threads != null) ThreadPool.setSharedThreads(threads);
            Path dir = ModelLocator.resolve(model);
            PipelineModel pm = PipelineModel.load(dir, null);
            InferenceServer server = InferenceServer.start(pm, options);
            Runnable stop = () -> Thread.ofPlatform().name("deberta4j-shutdown").start(() -> server.shutdown(60));
            Signal.handle(new Signal("TERM"), s -> stop.run());
            Signal.handle(new Signal("INT"), s -> stop.run());
            spec.commandLine().getOut().printf(Locale.ROOT, "deberta4j serve: listening on http://%s:%d (%s, %s, max_input_length %d)%n",
                    host, server.port(), model, pm.model().headType().architecture(pm.model().config().family), pm.maxLength());
            spec.commandLine().getOut().flush();
            server.awaitTermination();
            spec.commandLine().getOut().println("deberta4j serve: stopped");
            spec.commandLine().getOut().flush();
            return 0;
        } catch (IllegalArgumentException | IllegalStateException | IOException | java.io.UncheckedIOException e) {
            spec.commandLine().getErr().println("deberta4j serve: " + e.getMessage());
            return 1;
        } catch (io.javalin.util.JavalinException e) {
            spec.commandLine().getErr().println("deberta4j serve: cannot listen on " + host + ":" + port + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
            return 1;
        }
    }

    private static Pooling parsePooling(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "mean" -> Pooling.MEAN;
            case "cls" -> Pooling.CLS;
            default -> throw new IllegalArgumentException("--pooling: expected mean or cls, found '" + name + "'");
        };
    }

    /** Runs the command on its own (the CLI registers it as {@code deberta4j serve}). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ServeCommand()).execute(args));
    }
}
