package dev.deberta4j.serve;

import dev.deberta4j.model.HeadType;
import dev.deberta4j.pipeline.PipelineModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Overload and disconnects on a server that computes one input per forward pass, so a request of 16 long texts
 * keeps it busy for a while: beyond --max-concurrent-requests the answer is 429 at once, and a client that hangs
 * up has its queued inputs withdrawn.
 */
class BackpressureTest {
    static final Map<String, Object> SLOW = Map.of("inputs", Collections.nCopies(16, "정말 재밌는 영화 ".repeat(50)));
    private static PipelineModel pm;

    @BeforeAll
    static void load() {
        pm = PipelineModel.load(TestModels.NSMC, HeadType.SEQUENCE_CLASSIFICATION);
    }

    @AfterAll
    static void unload() {
        pm = null;
    }

    private static InferenceServer start(int maxConcurrent) {
        return InferenceServer.start(pm, ServeOptions.defaults("nsmc").withPort(0).withBatching(16384, 1)
                .withLimits(maxConcurrent, 32, 2_000_000));
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(10);
        }
    }

    @Test
    void requestsBeyondTheConcurrencyLimitGet429AtOnceAndTheAdmittedOnesFinish() throws Exception {
        try (InferenceServer server = start(2)) {
            Http http = new Http(server.port());
            CompletableFuture<Http.Response> a = http.postAsync("/embed", SLOW);
            CompletableFuture<Http.Response> b = http.postAsync("/embed", SLOW);
            await("two admitted requests", () -> http.metric("te_requests_in_flight") == 2);

            long t0 = System.nanoTime();
            Http.Response refused = http.post("/predict", Map.of("inputs", "좋아요"));
            long refusedMillis = (System.nanoTime() - t0) / 1_000_000;
            boolean busy = !a.isDone() && !b.isDone();
            assertThat(refused.status()).as(refused.body()).isEqualTo(429);
            assertThat(refused.json().get("error_type").asText()).isEqualTo("Overloaded");
            assertThat(refused.json().get("error").asText()).contains("--max-concurrent-requests");
            assertThat(busy).as("429 came while both admitted requests were still computing (%d ms)", refusedMillis).isTrue();

            assertThat(a.get().status()).isEqualTo(200);
            assertThat(b.get().status()).isEqualTo(200);
            assertThat(a.get().json().size()).isEqualTo(16);
            await("admission released", () -> http.metric("te_requests_in_flight") == 0);
            assertThat(http.post("/predict", Map.of("inputs", "좋아요")).status()).isEqualTo(200);
            assertThat(http.metric("te_http_requests_total{route=\"/predict\",status=\"429\"}")).isEqualTo(1);
        }
    }

    @Test
    void aClientThatDisconnectsHasItsQueuedInputsWithdrawn() throws Exception {
        try (InferenceServer server = start(8)) {
            Http http = new Http(server.port());
            CompletableFuture<Http.Response> first = http.postAsync("/embed", SLOW);
            await("the first request computing", () -> http.metric("te_batch_next_size_count") >= 1);

            byte[] body = Http.JSON.writeValueAsBytes(SLOW);
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                OutputStream out = s.getOutputStream();
                out.write(("POST /embed HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                await("the second request's inputs queued", () -> server.queueDepth() > 16 - 1);
            }   // hang up while its 16 inputs wait behind the first request's
            await("the disconnect noticed", () -> http.metric("te_http_requests_total{route=\"/embed\",status=\"499\"}") == 1);
            assertThat(first.get().status()).isEqualTo(200);
            assertThat(server.queueDepth()).isZero();
            // only the first request's 16 inputs were ever computed
            assertThat(http.metric("te_batch_next_size_count")).isEqualTo(16);
            List<String> lines = List.of(http.get("/metrics").body().split("\n"));
            assertThat(lines).contains("te_http_requests_total{route=\"/embed\",status=\"200\"} 1");
        }
    }
}
