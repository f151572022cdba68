package dev.deberta4j.serve;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * What /metrics reports, in the Prometheus text format: requests by route and status, request latency and queue
 * time, batch sizes in inputs and padded tokens, and the queue depth. Names follow TEI's {@code te_} metrics.
 */
final class ServerMetrics {
    private static final double[] SECONDS = Histogram.exponential(0.0005, 2, 16);   // 0.5 ms .. 16 s

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    final Histogram requestDuration = new Histogram("te_request_duration",
            "Seconds from receiving a request to its response (inference routes).", SECONDS);
    final Histogram queueDuration = new Histogram("te_request_queue_duration",
            "Seconds an input waited in the batching queue.", SECONDS);
    final Histogram inferenceDuration = new Histogram("te_request_inference_duration",
            "Seconds the forward pass holding an input took.", SECONDS);
    final Histogram batchRequests = new Histogram("te_batch_next_size",
            "Inputs per forward pass.", Histogram.exponential(1, 2, 10));
    final Histogram batchTokens = new Histogram("te_batch_next_tokens",
            "Padded tokens (longest input x inputs) per forward pass.", Histogram.exponential(16, 2, 13));
    private final IntSupplier queueDepth;
    private final IntSupplier admitted;

    ServerMetrics(IntSupplier queueDepth, IntSupplier admitted) {
        this.queueDepth = queueDepth;
        this.admitted = admitted;
    }

    void request(String route, int status) {
        requests.computeIfAbsent(route + '\u0000' + status, k -> new LongAdder()).increment();
    }

    long requestCount(String route, int status) {
        LongAdder a = requests.get(route + '\u0000' + status);
        return a == null ? 0 : a.sum();
    }

    String render() {
        StringBuilder out = new StringBuilder(4096);
        out.append("# HELP te_http_requests_total HTTP requests by route and response status.\n");
        out.append("# TYPE te_http_requests_total counter\n");
        for (var e : new TreeMap<>(requests).entrySet()) {
            String[] key = e.getKey().split("\u0000");
            out.append("te_http_requests_total{route=\"").append(key[0]).append("\",status=\"").append(key[1])
                    .append("\"} ").append(e.getValue().sum()).append('\n');
        }
        for (Histogram h : new Histogram[]{requestDuration, queueDuration, inferenceDuration, batchRequests, batchTokens}) {
            h.render(out);
        }
        out.append("# HELP te_queue_size Inputs waiting for a forward pass.\n# TYPE te_queue_size gauge\n");
        out.append("te_queue_size ").append(queueDepth.getAsInt()).append('\n');
        out.append("# HELP te_requests_in_flight Inference requests admitted (of --max-concurrent-requests) and not yet answered.\n");
        out.append("# TYPE te_requests_in_flight gauge\n");
        out.append("te_requests_in_flight ").append(admitted.getAsInt()).append('\n');
        return out.toString();
    }
}
