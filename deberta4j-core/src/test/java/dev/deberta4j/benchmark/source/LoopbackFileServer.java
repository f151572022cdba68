package dev.deberta4j.benchmark.source;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A static file server on 127.0.0.1 standing in for raw.githubusercontent.com: serves stored bytes by path, honours
 * {@code Range: bytes=N-} with 206 (unless told to ignore it), answers 404 for unknown paths, and can drop the
 * connection part-way through a number of responses.
 */
final class LoopbackFileServer implements AutoCloseable {

    /** One GET as the server saw it. */
    record Seen(String path, String range) { }

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger dropsLeft = new AtomicInteger();
    private volatile int dropAfterBytes = Integer.MAX_VALUE;
    private volatile boolean ignoreRange;

    LoopbackFileServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The mirror base URL: paths below it are {@code owner/repo/commit/path}, as on raw.githubusercontent.com. */
    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/raw/");
    }

    /** Serves {@code content} for the raw URL {@code url} of the manifest. */
    void serve(URI rawUrl, byte[] content) {
        files.put("/raw/" + rawUrl.toString().substring(DataSources.RAW_GITHUB.length()), content);
    }

    /** The next {@code count} responses send only {@code bytes} bytes of their body, then drop the connection. */
    void dropAfter(int bytes, int count) {
        dropAfterBytes = bytes;
        dropsLeft.set(count);
    }

    /** Answer Range requests with the whole file and 200, as some servers do. */
    void ignoreRange() {
        ignoreRange = true;
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String range = ex.getRequestHeaders().getFirst("Range");
            seen.add(new Seen(path, range));
            byte[] content = files.get(path);
            if (content == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            int start = 0;
            if (range != null && !ignoreRange) {
                Matcher m = RANGE.matcher(range);
                if (!m.matches()) {
                    ex.sendResponseHeaders(400, -1);
                    return;
                }
                start = Integer.parseInt(m.group(1));
                if (start >= content.length) {
                    ex.getResponseHeaders().set("Content-Range", "bytes */" + content.length);
                    ex.sendResponseHeaders(416, -1);
                    return;
                }
                ex.getResponseHeaders().set("Content-Range",
                        "bytes " + start + "-" + (content.length - 1) + "/" + content.length);
            }
            int length = content.length - start;
            ex.sendResponseHeaders(start > 0 ? 206 : 200, length);
            OutputStream out = ex.getResponseBody();
            if (dropsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                out.write(content, start, Math.min(dropAfterBytes, length));
                out.flush();
                return; // closing short of Content-Length makes the server drop the connection
            }
            out.write(content, start, length);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
