package dev.deberta4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A small JSON client for the tests (JDK HttpClient, loopback only). */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    record Response(int status, HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        long header(String name) {
            return Long.parseLong(headers.firstValue(name).orElseThrow(() -> new AssertionError("no header " + name)));
        }
    }

    private final int port;
    private final String apiKey;

    Http(int port) {
        this(port, null);
    }

    Http(int port, String apiKey) {
        this.port = port;
        this.apiKey = apiKey;
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(120));
        if (apiKey != null) b.header("Authorization", "Bearer " + apiKey);
        return b;
    }

    Response get(String path) {
        return send(request(path).GET().build());
    }

    Response post(String path, String body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    Response post(String path, Object body) {
        try {
            return post(path, JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    CompletableFuture<Response> postAsync(String path, Object body) {
        try {
            HttpRequest r = request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
            return CLIENT.sendAsync(r, HttpResponse.BodyHandlers.ofString())
                    .thenApply(x -> new Response(x.statusCode(), x.headers(), x.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Response send(HttpRequest r) {
        try {
            HttpResponse<String> x = CLIENT.send(r, HttpResponse.BodyHandlers.ofString());
            return new Response(x.statusCode(), x.headers(), x.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A value from /metrics (the first sample line starting with {@code series}), 0 when absent. */
    double metric(String series) {
        for (String line : get("/metrics").body().split("\n")) {
            if (line.startsWith(series + " ")) return Double.parseDouble(line.substring(series.length() + 1));
        }
        return 0;
    }
}
