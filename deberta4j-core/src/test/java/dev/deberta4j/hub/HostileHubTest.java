package dev.deberta4j.hub;

import dev.deberta4j.download.DownloadListener;
import dev.deberta4j.download.FileDigests;
import dev.deberta4j.hostile.Hostile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hostile or broken Hub on loopback, speaking raw HTTP/1.1 so every header and byte is under the test's control:
 * API bodies that stall, trickle forever or never end, and a small file cut in half with no size announced.
 * Each download must end quickly with a one-line {@link HubException}, and nothing unverified may enter the cache.
 * Limits are shortened through the package-private constructor (stall 300 ms, API deadline 2 s, API cap 1 MiB).
 */
@Tag("hostile")
class HostileHubTest {
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    private static final byte[] CONFIG = "{\"model_type\": \"deberta-v2\", \"hidden_size\": 16}\n".getBytes(StandardCharsets.UTF_8);

    @TempDir Path cache;
    private ServerSocket server;
    private Thread acceptor;

    /** How the fake Hub answers one request: method, path, the socket's output. */
    @FunctionalInterface
    interface Responder {
        void respond(String method, String path, OutputStream out) throws IOException, InterruptedException;
    }

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void stop() throws IOException, InterruptedException {
        server.close();
        if (acceptor != null) acceptor.join(5_000);
    }

    private void serve(Responder responder) {
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread connection = new Thread(() -> handle(socket, responder));
                    connection.setDaemon(true);
                    connection.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static void handle(Socket socket, Responder responder) {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            String request = in.readLine();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                // headers are not needed
            }
            if (request == null) return;
            String[] parts = request.split(" ");
            responder.respond(parts[0], parts[1], socket.getOutputStream());
        } catch (IOException | InterruptedException e) {
            // the client hung up: expected in these tests
        }
    }

    private HubClient client() {
        URI endpoint = URI.create("http://127.0.0.1:" + server.getLocalPort());
        return new HubClient(new HubSettings(endpoint, cache, Optional.empty(), false), Duration.ofMillis(300),
                Duration.ofSeconds(2), 1 << 20);
    }

    private static void head(OutputStream out, String status, String... headers) throws IOException {
        StringBuilder sb = new StringBuilder("HTTP/1.1 " + status + "\r\nConnection: close\r\n");
        for (String h : headers) sb.append(h).append("\r\n");
        out.write(sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static void sleepForever() throws InterruptedException {
        Thread.sleep(Long.MAX_VALUE);
    }

    @Test
    void modelInfoBodyThatStalls() {
        serve((method, path, out) -> {
            head(out, "200 OK", "Content-Type: application/json", "Content-Length: 100000");
            out.write("{\"sha\": \"".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            sleepForever();
        });
        Hostile.refuses("Hub: model-info body stalls after 9 bytes", HubException.class,
                "sent no data for 0.3 s", () -> client().snapshotDownload("org/stall", "main", List.of(), DownloadListener.NONE));
    }

    @Test
    void modelInfoBodyThatTricklesForever() {
        serve((method, path, out) -> {
            head(out, "200 OK", "Content-Type: application/json", "Transfer-Encoding: chunked");
            while (true) {
                out.write("1\r\n \r\n".getBytes(StandardCharsets.US_ASCII)); // one space, every 50 ms: never stalls
                out.flush();
                Thread.sleep(50);
            }
        });
        Hostile.refuses("Hub: model-info body trickles one byte per 50 ms, forever", HubException.class,
                "did not finish its API response within 2.0 s",
                () -> client().snapshotDownload("org/trickle", "main", List.of(), DownloadListener.NONE));
    }

    @Test
    void modelInfoBodyThatNeverEnds() {
        serve((method, path, out) -> {
            head(out, "200 OK", "Content-Type: application/json", "Transfer-Encoding: chunked");
            byte[] chunk = ("10000\r\n" + " ".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            while (true) out.write(chunk);
        });
        Hostile.refuses("Hub: model-info body never ends (fast)", HubException.class,
                "sent more than 1048576 bytes for an API response",
                () -> client().snapshotDownload("org/endless", "main", List.of(), DownloadListener.NONE));
    }

    /** No size on HEAD, a git ETag, and a GET body cut in half: kept as a complete blob for good before. */
    @Test
    void truncatedSmallFileIsNotStoredAsComplete() throws IOException {
        String blobId = FileDigests.gitBlobSha1(CONFIG);
        serve((method, path, out) -> {
            if (path.startsWith("/api/models/")) {
                byte[] json = ("{\"sha\": \"" + COMMIT + "\", \"siblings\": [{\"rfilename\": \"config.json\"}]}")
                        .getBytes(StandardCharsets.UTF_8);
                head(out, "200 OK", "Content-Type: application/json", "Content-Length: " + json.length);
                out.write(json);
            } else if (method.equals("HEAD")) {
                head(out, "200 OK", "X-Repo-Commit: " + COMMIT, "ETag: \"" + blobId + "\"");
            } else {
                head(out, "200 OK"); // no Content-Length: the body ends when the connection closes
                out.write(CONFIG, 0, CONFIG.length / 2);
            }
        });
        Hostile.refuses("Hub: small file cut in half, no size, git ETag", HubException.class,
                "expected git blob id " + blobId,
                () -> client().snapshotDownload("org/trunc", "main", List.of("config.json"), DownloadListener.NONE));
        try (Stream<Path> files = Files.walk(cache)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .noneMatch(name -> name.equals(blobId) || name.equals("config.json"));
        }
    }
}
