package dev.deberta4j.serve;

import dev.deberta4j.pipeline.Pooling;

/**
 * How {@code deberta4j serve} runs; names and defaults follow Text Embeddings Inference's router options.
 *
 * @param modelId               the model directory or Hub repo id (reported by /info)
 * @param host                  address to bind (loopback by default)
 * @param port                  TCP port; 0 picks a free one
 * @param maxBatchTokens        padded tokens (longest input x inputs) one forward pass may hold
 * @param maxBatchRequests      inputs one forward pass may hold; 1 turns batching off
 * @param maxConcurrentRequests inference requests in the server at once; more are refused with 429
 * @param maxClientBatchSize    inputs one request may carry
 * @param autoTruncate          cut over-long inputs instead of answering 413 (a request's "truncate" overrides)
 * @param apiKey                when set, every route but /health and the demo page needs "Authorization: Bearer KEY"
 * @param maxWaitMicros         how long a batch that is not full waits for more inputs after its first one arrived
 * @param payloadLimit          largest request body in bytes (TEI's --payload-limit)
 * @param workers               batches computed at once (each forward pass itself runs on the kernel thread pool)
 * @param pooling               how /embed turns token states into one vector
 */
public record ServeOptions(String modelId, String host, int port, int maxBatchTokens, int maxBatchRequests,
                           int maxConcurrentRequests, int maxClientBatchSize, boolean autoTruncate, String apiKey,
                           long maxWaitMicros, long payloadLimit, int workers, Pooling pooling) {
    public ServeOptions {
        require(port >= 0 && port <= 65535, "--port must be in 0..65535, got " + port);
        require(maxBatchTokens >= 1, "--max-batch-tokens must be >= 1, got " + maxBatchTokens);
        require(maxBatchRequests >= 1, "--max-batch-requests must be >= 1, got " + maxBatchRequests);
        require(maxConcurrentRequests >= 1, "--max-concurrent-requests must be >= 1, got " + maxConcurrentRequests);
        require(maxClientBatchSize >= 1, "--max-client-batch-size must be >= 1, got " + maxClientBatchSize);
        require(maxWaitMicros >= 0, "--max-wait-us must be >= 0, got " + maxWaitMicros);
        require(payloadLimit >= 1, "--payload-limit must be >= 1, got " + payloadLimit);
        require(workers >= 1, "--workers must be >= 1, got " + workers);
    }

    /** TEI's defaults, on the loopback address and port 8080. */
    public static ServeOptions defaults(String modelId) {
        return new ServeOptions(modelId, "127.0.0.1", 8080, 16384, 256, 512, 32, false, null, 0,
                2_000_000, 1, Pooling.MEAN);
    }

    public ServeOptions withPort(int p) {
        return new ServeOptions(modelId, host, p, maxBatchTokens, maxBatchRequests, maxConcurrentRequests,
                maxClientBatchSize, autoTruncate, apiKey, maxWaitMicros, payloadLimit, workers, pooling);
    }

    public ServeOptions withBatching(int tokens, int requests) {
        return new ServeOptions(modelId, host, port, tokens, requests, maxConcurrentRequests,
                maxClientBatchSize, autoTruncate, apiKey, maxWaitMicros, payloadLimit, workers, pooling);
    }

    public ServeOptions withLimits(int concurrent, int clientBatch, long payload) {
        return new ServeOptions(modelId, host, port, maxBatchTokens, maxBatchRequests, concurrent,
                clientBatch, autoTruncate, apiKey, maxWaitMicros, payload, workers, pooling);
    }

    public ServeOptions withAutoTruncate(boolean on) {
        return new ServeOptions(modelId, host, port, maxBatchTokens, maxBatchRequests, maxConcurrentRequests,
                maxClientBatchSize, on, apiKey, maxWaitMicros, payloadLimit, workers, pooling);
    }

    public ServeOptions withApiKey(String key) {
        return new ServeOptions(modelId, host, port, maxBatchTokens, maxBatchRequests, maxConcurrentRequests,
                maxClientBatchSize, autoTruncate, key, maxWaitMicros, payloadLimit, workers, pooling);
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }
}
