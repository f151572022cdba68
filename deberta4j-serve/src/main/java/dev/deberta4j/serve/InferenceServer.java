package dev.deberta4j.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.pipeline.PipelineModel;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnector;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP server: Javalin 7 on Jetty 12, one virtual thread per request, Text Embeddings Inference's routes (see
 * {@link Routes}) plus fill-mask, token classification, question answering and a demo page. Every inference request
 * is admitted only while fewer than --max-concurrent-requests are in the server (else 429 at once), split into
 * single inputs, checked, queued on the {@link DynamicBatcher} and answered with TEI's timing headers. A client
 * that disconnects while its inputs wait has them withdrawn from the queue.
 */
public final class InferenceServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final long POLL_MILLIS = 20;

    private final ServeOptions options;
    private final ModelService model;
    private final DynamicBatcher batcher;
    private final ServerMetrics metrics;
    private final Semaphore admission;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final Javalin app;

    private InferenceServer(PipelineModel pm, ServeOptions options) {
        this.options = options;
        this.model = new ModelService(boundedInput(pm), options.maxBatchRequests(), options.pooling());
        this.admission = new Semaphore(options.maxConcurrentRequests());
        Semaphore admitted = admission;
        this.metrics = new ServerMetrics(this::queueDepth,
                () -> options.maxConcurrentRequests() - admitted.availablePermits());
        this.batcher = new DynamicBatcher(options.maxBatchTokens(), options.maxBatchRequests(),
                TimeUnit.MICROSECONDS.toNanos(options.maxWaitMicros()), options.workers(), new DynamicBatcher.Listener() {
            @Override public void batch(int inputs, int paddedTokens) {
                metrics.batchRequests.observe(inputs);
                metrics.batchTokens.observe(paddedTokens);
            }

            @Override public void finished(long queueNanos, long inferenceNanos) {
                metrics.queueDuration.observe(queueNanos / 1e9);
                metrics.inferenceDuration.observe(inferenceNanos / 1e9);
            }
        });
        Routes routes = new Routes(this, model, options);
        this.app = Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = true;
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.maxRequestSize = options.payloadLimit();
            cfg.jetty.modifyServer(server -> server.setStopTimeout(0));
            routes.register(cfg.routes);
            // no route matched (our handlers never answer 404 themselves)
            cfg.routes.error(404, ctx -> writeError(ctx, ctx.path(),
                    new ApiError(404, "NotFound", "no route " + ctx.method() + " " + ctx.path())));
        });
    }

    /** Loads nothing itself: serves {@code model} on {@code options.host():options.port()} and returns once listening. */
    /**
     * A server bounds every input: a model with no length limit of its own (DeBERTa-V3 with a tokenizer that sets
     * no model_max_length) is served up to max_position_embeddings, TEI's max_input_length for such models.
     */
    static PipelineModel boundedInput(PipelineModel pm) {
        return pm.maxLength() == Integer.MAX_VALUE ? pm.withMaxLength(pm.model().config().maxPositionEmbeddings) : pm;
    }

    public static InferenceServer start(PipelineModel model, ServeOptions options) {
        InferenceServer server = new InferenceServer(model, options);
        server.app.start(options.host(), options.port());
        return server;
    }

    public int port() {
        return app.port();
    }

    int queueDepth() {
        return batcher == null ? 0 : batcher.queueDepth();
    }

    ServerMetrics metrics() {
        return metrics;
    }

    DynamicBatcher batcher() {
        return batcher;
    }

    boolean draining() {
        return draining.get();
    }

    /**
     * Graceful stop: closes the listening socket (no new connections), answers requests still arriving on open
     * connections with 503, lets every admitted request finish (at most {@code graceSeconds}), then stops.
     */
    public void shutdown(long graceSeconds) {
        if (!draining.compareAndSet(false, true)) {
            awaitTermination();
            return;
        }
        try {
            for (Connector c : app.jettyServer().server().getConnectors()) {
                if (c instanceof NetworkConnector nc) nc.close();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(graceSeconds);
            while (inFlight.get() > 0 && System.nanoTime() < deadline) Thread.sleep(10);
            batcher.close();
            app.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            terminated.countDown();
        }
    }

    @Override
    public void close() {
        shutdown(30);
    }

    public void awaitTermination() {
        try {
            terminated.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- request plumbing used by Routes ----

    /** What a route handler returns: a JSON value (or text), and for inference routes the timing to report. */
    record Reply(Object body, String contentType, Timing timing) {
        static Reply json(Object body) {
            return new Reply(body, "application/json", null);
        }

        static Reply json(Object body, Timing timing) {
            return new Reply(body, "application/json", timing);
        }
    }

    /** TEI's response metadata: averaged over the inputs of a request, as TEI reports a batch. */
    static final class Timing {
        long tokenizationNanos;
        long queueNanos;
        long inferenceNanos;
        int tokens;
        int chars;
        int inputs;

        void add(DynamicBatcher.Result<?> r) {
            queueNanos += r.queueNanos();
            inferenceNanos += r.inferenceNanos();
            inputs++;
        }
    }

    @FunctionalInterface
    interface Handler {
        Reply handle(Call call) throws Exception;
    }

    /** One request as a handler sees it. */
    final class Call {
        final Context ctx;
        final ClientConnection client;
        final Timing timing = new Timing();
        private JsonRequest body;

        Call(Context ctx) {
            this.ctx = ctx;
            this.client = new ClientConnection(ctx.req());
        }

        JsonRequest body() {
            if (body == null) body = JsonRequest.parse(JSON, readBody(ctx));
            return body;
        }

        /** Queues every input and waits for all, withdrawing them if the client disconnects. */
        <P, R> List<R> infer(DynamicBatcher.Lane<P, R> lane, List<P> inputs, int[] tokens) {
            List<CompletableFuture<DynamicBatcher.Result<R>>> futures = new ArrayList<>(inputs.size());
            try {
                for (int i = 0; i < inputs.size(); i++) futures.add(batcher.submit(lane, inputs.get(i), tokens[i]));
                CompletableFuture<Void> all = CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
                while (true) {
                    try {
                        all.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                        break;
                    } catch (TimeoutException e) {
                        if (client.gone()) throw new ClientGone();
                    }
                }
                List<R> out = new ArrayList<>(inputs.size());
                for (var f : futures) {
                    DynamicBatcher.Result<R> r = f.join();
                    timing.add(r);
                    out.add(r.value());
                }
                for (int t : tokens) timing.tokens += t;
                return out;
            } catch (ExecutionException e) {
                throw failure(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClientGone();
            } finally {
                for (var f : futures) if (!f.isDone()) f.cancel(false);
            }
        }
    }

    /** The client closed its connection before the answer; nothing is written. */
    static final class ClientGone extends RuntimeException {
        ClientGone() {
            super(null, null, false, false);
        }
    }

    private static RuntimeException failure(Throwable cause) {
        if (cause instanceof ApiError a) return a;
        if (cause instanceof IllegalArgumentException) return ApiError.unprocessable(cause.getMessage());
        return new ApiError(500, "Backend", "inference failed: " + cause);
    }

    private byte[] readBody(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > options.payloadLimit()) throw payloadTooLarge(declared + " bytes");
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, options.payloadLimit() + 1));
            if (bytes.length > options.payloadLimit()) throw payloadTooLarge("more than " + options.payloadLimit() + " bytes");
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ApiError payloadTooLarge(String size) {
        return ApiError.tooLarge("request body of " + size + " is over the limit of " + options.payloadLimit()
                + " bytes (--payload-limit)");
    }

    /** Wraps a route: API key, admission (inference routes), errors as TEI's JSON, headers, metrics. */
    io.javalin.http.Handler wrap(String route, boolean inference, boolean open, Handler handler) {
        return ctx -> {
            long start = System.nanoTime();
            int status = 500;
            boolean admitted = false;
            inFlight.incrementAndGet();
            Call call = null;
            try {
                if (!open && options.apiKey() != null
                        && !("Bearer " + options.apiKey()).equals(ctx.header("Authorization"))) {
                    throw new ApiError(401, "Unauthorized", "missing or wrong API key: send the header "
                            + "\"Authorization: Bearer <key>\" with the key the server was started with (--api-key)");
                }
                if (inference) {
                    if (draining.get()) throw new ApiError(503, "Unhealthy", "the server is shutting down");
                    if (!admission.tryAcquire()) {
                        throw ApiError.overloaded("model is overloaded: " + options.maxConcurrentRequests()
                                + " requests in progress (--max-concurrent-requests)");
                    }
                    admitted = true;
                }
                call = new Call(ctx);
                Reply reply = handler.handle(call);
                status = 200;
                ctx.status(200);
                if (reply.timing() != null) timingHeaders(ctx, reply.timing(), start);
                if (draining.get() || call.client.mustClose()) ctx.header("Connection", "close");
                ctx.contentType(reply.contentType());
                if (reply.body() instanceof String s && !reply.contentType().startsWith("application/json")) {
                    ctx.result(s);
                } else if (reply.body() instanceof byte[] b) {
                    ctx.result(b);
                } else {
                    ctx.result(JSON.writeValueAsBytes(reply.body()));
                }
            } catch (ClientGone g) {
                status = 499;   // nginx's "client closed request": counted, nothing written
                ctx.header("Connection", "close");
            } catch (ApiError e) {
                status = e.status();
                writeError(ctx, route, e);
            } catch (Exception | Error e) {
                status = 500;
                writeError(ctx, route, new ApiError(500, "Backend", "internal error: " + e));
            } finally {
                if (admitted) admission.release();
                metrics.request(route, status);
                if (inference && status == 200) metrics.requestDuration.observe((System.nanoTime() - start) / 1e9);
                inFlight.decrementAndGet();
            }
        };
    }

    private static void timingHeaders(Context ctx, Timing t, long start) {
        long total = System.nanoTime() - start;
        int n = Math.max(t.inputs, 1);
        ctx.header("x-compute-type", "cpu");
        ctx.header("x-compute-time", Long.toString(TimeUnit.NANOSECONDS.toMillis(total)));
        ctx.header("x-compute-characters", Integer.toString(t.chars));
        ctx.header("x-compute-tokens", Integer.toString(t.tokens));
        ctx.header("x-total-time", Long.toString(TimeUnit.NANOSECONDS.toMillis(total)));
        ctx.header("x-tokenization-time", Long.toString(TimeUnit.NANOSECONDS.toMillis(t.tokenizationNanos)));
        ctx.header("x-queue-time", Long.toString(TimeUnit.NANOSECONDS.toMillis(t.queueNanos / n)));
        ctx.header("x-inference-time", Long.toString(TimeUnit.NANOSECONDS.toMillis(t.inferenceNanos / n)));
    }

    /** TEI's error body; /v1/embeddings answers in OpenAI's shape as TEI does. */
    static void writeError(Context ctx, String route, ApiError e) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (route.equals("/v1/embeddings")) {
            body.put("message", e.getMessage());
            body.put("code", e.status());
            body.put("type", e.type());
        } else {
            body.put("error", e.getMessage());
            body.put("error_type", e.type());
        }
        ctx.status(e.status());
        ctx.contentType("application/json");
        try {
            ctx.result(JSON.writeValueAsBytes(body));
        } catch (IOException io) {
            throw new UncheckedIOException(io);
        }
    }

    HeadType head() {
        return model.head();
    }
}
