package dev.deberta4j.hub;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Hugging Face Hub on 127.0.0.1 for tests, speaking the protocol huggingface_hub relies on:
 * {@code /api/models/{repo}/revision/{rev}} JSON, HEAD/GET {@code /{repo}/resolve/{rev}/{file}} with
 * {@code X-Repo-Commit}, quoted {@code ETag}s (git blob id for regular files), and for LFS files a 302 to a second
 * "CDN" path carrying {@code X-Linked-Etag} (sha256) and {@code X-Linked-Size}; the CDN honours Range.
 * Faults can be injected: dropped connections, corrupted bytes, a gate that holds downloads back.
 */
final class LoopbackHub implements AutoCloseable {

    static final String GOOD_TOKEN = "hf_loopback_good_token";

    /** One stored file; LFS files are served through the CDN path. */
    record HubFile(byte[] content, boolean lfs) {
        String etag() {
            return lfs ? sha256Hex(content) : gitBlobId(content);
        }
    }

    /** A repo at one commit. */
    record Repo(String commit, Map<String, HubFile> files, boolean gated) { }

    /** One request as the server saw it. */
    record Seen(String method, String path, String range, String authorization) { }

    private static final Pattern API = Pattern.compile("/api/models/([^/]+/[^/]+)/revision/([^/]+)");
    private static final Pattern TREE = Pattern.compile("/api/models/([^/]+/[^/]+)/tree/([^/]+)");
    private static final Pattern RESOLVE = Pattern.compile("/([^/]+/[^/]+)/resolve/([^/]+)/(.+)");
    private static final Pattern CDN = Pattern.compile("/cdn/([0-9a-f]{64})");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Repo> repos = new ConcurrentHashMap<>();
    private final Map<String, String> renamed = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Map<String, byte[]> corruptedCdn = new ConcurrentHashMap<>();
    private final AtomicInteger dropsLeft = new AtomicInteger();
    private final AtomicInteger stallsLeft = new AtomicInteger();
    private volatile long dropAfterBytes = Long.MAX_VALUE;
    private volatile boolean cdnLinksExpired;
    private volatile CountDownLatch cdnGate = new CountDownLatch(0);

    LoopbackHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void addRepo(String id, String commit, Map<String, HubFile> files, boolean gated) {
        repos.put(id, new Repo(commit, new LinkedHashMap<>(files), gated));
    }

    /** Requests naming {@code oldId} get a relative 307 to the same path under {@code newId}, as after a rename. */
    void rename(String oldId, String newId) {
        renamed.put(oldId, newId);
    }

    List<Seen> requests() {
        return List.copyOf(seen);
    }

    List<Seen> requests(String method, String pathPrefix) {
        List<Seen> out = new ArrayList<>();
        for (Seen s : seen) {
            if (s.method().equals(method) && s.path().startsWith(pathPrefix)) {
                out.add(s);
            }
        }
        return out;
    }

    void clearRequests() {
        seen.clear();
    }

    /** The next {@code times} CDN responses send {@code afterBytes} bytes of the body and then drop the connection. */
    void dropConnections(int times, long afterBytes) {
        dropAfterBytes = afterBytes;
        dropsLeft.set(times);
    }

    /** The next {@code times} CDN responses send {@code afterBytes} bytes and then go silent without closing. */
    void stallConnections(int times, long afterBytes) {
        dropAfterBytes = afterBytes;
        stallsLeft.set(times);
    }

    /** The CDN answers 403, as it does for an expired signed link. */
    void expireCdnLinks() {
        cdnLinksExpired = true;
    }

    /** The CDN serves {@code servedInstead} for the blob whose sha256 is {@code etag} (its ETag stays the same). */
    void corruptCdn(String etag, byte[] servedInstead) {
        corruptedCdn.put(etag, servedInstead);
    }

    /** CDN downloads wait until {@code heads} HEAD requests have been seen (or 30 s), so two clients overlap. */
    void holdCdnUntilHeads(int heads) {
        cdnGate = new CountDownLatch(heads);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            seen.add(new Seen(ex.getRequestMethod(), path, ex.getRequestHeaders().getFirst("Range"),
                    ex.getRequestHeaders().getFirst("Authorization")));
            Matcher m;
            if ((m = API.matcher(path)).matches()) {
                api(ex, m.group(1), m.group(2));
            } else if ((m = TREE.matcher(path)).matches()) {
                tree(ex, m.group(1), m.group(2));
            } else if ((m = RESOLVE.matcher(path)).matches()) {
                resolve(ex, m.group(1), m.group(2), m.group(3));
            } else if ((m = CDN.matcher(path)).matches()) {
                cdn(ex, m.group(1));
            } else {
                error(ex, 404, "", "no route");
            }
        } catch (IOException e) {
            // a deliberately dropped connection ends here
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void api(HttpExchange ex, String repoId, String revision) throws IOException {
        Optional<Repo> repo = findRepo(ex, repoId, revision);
        if (repo.isEmpty()) {
            return;
        }
        List<Map<String, String>> siblings = new ArrayList<>();
        repo.get().files().keySet().forEach(f -> siblings.add(Map.of("rfilename", f)));
        byte[] json = new ObjectMapper().writeValueAsBytes(
                Map.of("id", repoId, "sha", repo.get().commit(), "siblings", siblings));
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, json.length);
        ex.getResponseBody().write(json);
    }

    /** The recursive file listing newer huggingface_hub versions use (lets Python's client run against this Hub). */
    private void tree(HttpExchange ex, String repoId, String revision) throws IOException {
        Optional<Repo> repo = findRepo(ex, repoId, revision);
        if (repo.isEmpty()) {
            return;
        }
        List<Map<String, Object>> entries = new ArrayList<>();
        repo.get().files().forEach((name, f) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", "file");
            entry.put("oid", gitBlobId(f.content()));
            entry.put("size", f.content().length);
            entry.put("path", name);
            if (f.lfs()) {
                entry.put("lfs", Map.of("oid", f.etag(), "size", f.content().length, "pointerSize", 134));
            }
            entries.add(entry);
        });
        byte[] json = new ObjectMapper().writeValueAsBytes(entries);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, json.length);
        ex.getResponseBody().write(json);
    }

    private void resolve(HttpExchange ex, String repoId, String revision, String file) throws IOException {
        Optional<Repo> found = findRepo(ex, repoId, revision);
        if (found.isEmpty()) {
            return;
        }
        Repo repo = found.get();
        if (repo.gated() && !authorized(ex)) {
            error(ex, 401, "GatedRepo", "Access to model " + repoId + " is restricted.");
            return;
        }
        HubFile hubFile = repo.files().get(file);
        var headers = ex.getResponseHeaders();
        headers.set("X-Repo-Commit", repo.commit());
        if (hubFile == null) {
            error(ex, 404, "EntryNotFound", "Entry not found");
            return;
        }
        boolean head = ex.getRequestMethod().equals("HEAD");
        if (head) {
            cdnGate.countDown();
        }
        if (hubFile.lfs()) {
            headers.set("ETag", "\"" + gitBlobId(hubFile.content()) + "\"");
            headers.set("X-Linked-Etag", "\"" + hubFile.etag() + "\"");
            headers.set("X-Linked-Size", Long.toString(hubFile.content().length));
            // Another host name for the same server: to the client the CDN is a different origin, as on the real Hub.
            headers.set("Location", "http://localhost:" + server.getAddress().getPort() + "/cdn/" + hubFile.etag()
                    + "?signature=abc");
            ex.sendResponseHeaders(302, -1);
            return;
        }
        headers.set("ETag", "W/\"" + hubFile.etag() + "\"");
        if (head) {
            // The JDK server drops a length passed for HEAD, so the header is set by hand.
            headers.set("Content-Length", Long.toString(hubFile.content().length));
            ex.sendResponseHeaders(200, -1);
        } else {
            ex.sendResponseHeaders(200, hubFile.content().length);
            ex.getResponseBody().write(hubFile.content());
        }
    }

    private void cdn(HttpExchange ex, String sha) throws IOException, InterruptedException {
        if (ex.getRequestHeaders().getFirst("Authorization") != null) {
            error(ex, 400, "", "the CDN must not receive the Hub token");
            return;
        }
        if (cdnLinksExpired) {
            error(ex, 403, "", "Request has expired");
            return;
        }
        byte[] content = corruptedCdn.getOrDefault(sha, findBlob(sha));
        if (content == null) {
            error(ex, 404, "", "no such blob");
            return;
        }
        cdnGate.await(30, TimeUnit.SECONDS);
        long start = 0;
        String range = ex.getRequestHeaders().getFirst("Range");
        if (range != null) {
            Matcher m = RANGE.matcher(range);
            if (!m.matches()) {
                error(ex, 416, "", "bad range");
                return;
            }
            start = Long.parseLong(m.group(1));
            ex.getResponseHeaders().set("Content-Range",
                    "bytes " + start + "-" + (content.length - 1) + "/" + content.length);
        }
        int length = content.length - (int) start;
        ex.sendResponseHeaders(range == null ? 200 : 206, length);
        OutputStream out = ex.getResponseBody();
        if (stallsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            out.write(content, (int) start, (int) Math.min(dropAfterBytes, length));
            out.flush();
            Thread.sleep(30_000); // until the client gives up on it, or the server stops
            return;
        }
        if (dropsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            int partial = (int) Math.min(dropAfterBytes, length);
            out.write(content, (int) start, partial);
            out.flush();
            return; // closing the exchange short of Content-Length makes the server drop the connection
        }
        out.write(content, (int) start, length);
    }

    private Optional<Repo> findRepo(HttpExchange ex, String repoId, String revision) throws IOException {
        if (renamed.containsKey(repoId)) {
            String path = ex.getRequestURI().getRawPath();
            ex.getResponseHeaders().set("Location", path.replace("/" + repoId + "/", "/" + renamed.get(repoId) + "/"));
            ex.sendResponseHeaders(307, -1);
            return Optional.empty();
        }
        Repo repo = repos.get(repoId);
        if (repo == null) {
            error(ex, 404, "RepoNotFound", "Repository not found");
            return Optional.empty();
        }
        if (!revision.equals("main") && !revision.equals(repo.commit())) {
            error(ex, 404, "RevisionNotFound", "Invalid rev id: " + revision);
            return Optional.empty();
        }
        return Optional.of(repo);
    }

    private byte[] findBlob(String sha) {
        for (Repo repo : repos.values()) {
            for (HubFile f : repo.files().values()) {
                if (f.lfs() && f.etag().equals(sha)) {
                    return f.content();
                }
            }
        }
        return null;
    }

    private static boolean authorized(HttpExchange ex) {
        return ("Bearer " + GOOD_TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"));
    }

    private static void error(HttpExchange ex, int status, String code, String message) throws IOException {
        if (!code.isEmpty()) {
            ex.getResponseHeaders().set("X-Error-Code", code);
        }
        byte[] body = new ObjectMapper().writeValueAsBytes(Map.of("error", message));
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(status, -1);
        } else {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
        }
    }

    static String sha256Hex(byte[] content) {
        return digest("SHA-256", content);
    }

    /** Git's object id of a blob: sha1 of "blob {length}\0" followed by the bytes — the Hub's ETag for non-LFS files. */
    static String gitBlobId(byte[] content) {
        byte[] header = ("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[header.length + content.length];
        System.arraycopy(header, 0, all, 0, header.length);
        System.arraycopy(content, 0, all, header.length, content.length);
        return digest("SHA-1", all);
    }

    private static String digest(String algorithm, byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
