package dev.deberta4j.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deberta4j.download.StallWatchdog;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The three HTTP calls of the Hub protocol, as huggingface_hub makes them: the revision API for the file list,
 * a HEAD on the resolve URL for one file's metadata, and a (ranged) GET for its bytes.
 * Maps Hub error statuses and {@code X-Error-Code} to {@link HubException}s that say what to do.
 */
final class HubApi {

    private static final int MAX_REDIRECTS = 10;
    private static final Duration HEADERS_TIMEOUT = Duration.ofSeconds(30);
    private static final String USER_AGENT = "deberta4j/0.1.0; java/" + Runtime.version().feature();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Longest an API (JSON) response may take from request to last byte. */
    static final Duration API_DEADLINE = Duration.ofSeconds(120);
    /** Largest API response read: the file list of a repo with 100,000 files is about 10 MB. */
    static final long MAX_API_BYTES = 64L << 20;

    private final HubSettings settings;
    private final HttpClient http;
    private final Duration stallTimeout;
    private final Duration apiDeadline;
    private final long maxApiBytes;

    HubApi(HubSettings settings) {
        this(settings, Duration.ofSeconds(30), API_DEADLINE, MAX_API_BYTES);
    }

    /** Tests shorten the limits on API responses: {@code stallTimeout} without a byte, {@code apiDeadline} in all. */
    HubApi(HubSettings settings, Duration stallTimeout, Duration apiDeadline, long maxApiBytes) {
        this.settings = settings;
        this.stallTimeout = stallTimeout;
        this.apiDeadline = apiDeadline;
        this.maxApiBytes = maxApiBytes;
        // Redirects are followed by hand: HEAD must stop at the CDN redirect to read its headers,
        // and the token is only ever sent to the Hub endpoint itself, never to the CDN.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** GET {@code /api/models/{repo}/revision/{revision}}: the commit hash and every file path. */
    RepoInfo repoInfo(RepoId repo, String revision) throws IOException {
        URI uri = URI.create(settings.endpoint() + "/api/models/" + repo + "/revision/" + encode(revision, false));
        long started = System.nanoTime();
        HttpResponse<InputStream> response =
                followRedirects(uri, "GET", -1, HttpResponse.BodyHandlers.ofInputStream(), true);
        byte[] body = readApiBody(response, apiDeadline.minusNanos(System.nanoTime() - started));
        if (response.statusCode() != 200) {
            throw errorFor(response, repo, revision, null, body);
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new HubException(HubException.Reason.PROTOCOL, uri + " did not return JSON: " + e.getMessage(), e);
        }
        String commit = root.path("sha").asText("");
        if (!RepoCache.isCommitHash(commit)) {
            throw new HubException(HubException.Reason.PROTOCOL,
                    uri + ": field 'sha' should be a 40-digit commit hash, found '" + commit + "'");
        }
        JsonNode siblings = root.path("siblings");
        if (!siblings.isArray()) {
            throw new HubException(HubException.Reason.PROTOCOL, uri + ": field 'siblings' should be an array");
        }
        List<String> files = new ArrayList<>();
        for (JsonNode sibling : siblings) {
            String name = sibling.path("rfilename").asText("");
            if (name.isEmpty()) {
                throw new HubException(HubException.Reason.PROTOCOL,
                        uri + ": a 'siblings' entry has no 'rfilename': " + sibling);
            }
            files.add(name);
        }
        return new RepoInfo(commit, files);
    }

    /**
     * Reads a JSON API body whole, but at most {@code maxApiBytes} of it, with no pause longer than the stall
     * timeout and no later than {@code remaining}: a server that trickles or never ends the body cannot hang the
     * caller or fill its memory. Closes the body.
     */
    private byte[] readApiBody(HttpResponse<InputStream> response, Duration remaining) throws IOException {
        URI uri = response.uri();
        if (remaining.isNegative() || remaining.isZero()) {
            response.body().close();
            throw new HubException(HubException.Reason.NETWORK, uri + " did not answer within "
                    + apiDeadline.toSeconds() + " s");
        }
        try (InputStream in = response.body();
             StallWatchdog watchdog = new StallWatchdog(in, stallTimeout, remaining)) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[64 << 10];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (out.size() + (long) n > maxApiBytes) {
                        throw new HubException(HubException.Reason.PROTOCOL, uri + " sent more than " + maxApiBytes
                                + " bytes for an API response; refusing to read on (not a Hugging Face Hub?)");
                    }
                    out.write(buffer, 0, n);
                    watchdog.progressed(out.size());
                }
            } catch (HubException e) {
                throw e;
            } catch (IOException e) {
                if (watchdog.cause() == StallWatchdog.Cause.STALLED) {
                    throw new HubException(HubException.Reason.NETWORK, uri + " sent no data for "
                            + stallTimeout.toMillis() / 1000.0 + " s in the middle of an API response", e);
                }
                if (watchdog.cause() == StallWatchdog.Cause.DEADLINE) {
                    throw new HubException(HubException.Reason.NETWORK, uri + " did not finish its API response within "
                            + apiDeadline.toMillis() / 1000.0 + " s", e);
                }
                throw e;
            }
            return out.toByteArray();
        }
    }

    /**
     * HEAD on the resolve URL. Follows only relative redirects (a renamed repo) and stops at the absolute
     * redirect to the CDN, whose target becomes {@link FileMetadata#location()}.
     */
    FileMetadata fileMetadata(RepoId repo, String revision, String file) throws IOException {
        URI uri = resolveUrl(repo, revision, file);
        HttpResponse<Void> response = followRedirects(uri, "HEAD", -1, HttpResponse.BodyHandlers.discarding(), false);
        int status = response.statusCode();
        if (status >= 400) {
            throw errorFor(response, repo, revision, file);
        }
        var headers = response.headers();
        String commit = headers.firstValue("X-Repo-Commit").orElseThrow(() -> new HubException(
                HubException.Reason.PROTOCOL, uri + " answered without an X-Repo-Commit header: not a Hugging Face Hub?"));
        String etag = headers.firstValue("X-Linked-Etag").or(() -> headers.firstValue("ETag"))
                .map(HubApi::normalizeEtag).filter(e -> !e.isEmpty())
                .orElseThrow(() -> new HubException(HubException.Reason.PROTOCOL,
                        uri + " answered without an ETag or X-Linked-Etag header"));
        long size = headers.firstValueAsLong("X-Linked-Size")
                .orElse(headers.firstValueAsLong("Content-Length").orElse(-1));
        URI location = headers.firstValue("Location").map(l -> response.uri().resolve(l)).orElse(response.uri());
        return new FileMetadata(commit, etag, size, location);
    }

    /**
     * GET {@code url} from byte {@code offset} on (a Range request when {@code offset > 0}), following redirects.
     * The caller checks the status: 206 continues at {@code offset}, 200 starts over from byte 0.
     */
    HttpResponse<InputStream> download(URI url, long offset, RepoId repo, String revision, String file)
            throws IOException {
        HttpResponse<InputStream> response =
                followRedirects(url, "GET", offset, HttpResponse.BodyHandlers.ofInputStream(), true);
        int status = response.statusCode();
        if (status != 200 && status != 206) {
            try (InputStream ignored = response.body()) {
                throw errorFor(response, repo, revision, file);
            }
        }
        return response;
    }

    URI resolveUrl(RepoId repo, String revision, String file) {
        return URI.create(settings.endpoint() + "/" + repo + "/resolve/" + encode(revision, false) + "/"
                + encode(file, true));
    }

    /** huggingface_hub strips the weak-validator prefix and the quotes from ETags before naming blobs. */
    static String normalizeEtag(String raw) {
        String etag = raw.strip();
        if (etag.startsWith("W/")) {
            etag = etag.substring(2);
        }
        if (etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")) {
            etag = etag.substring(1, etag.length() - 1);
        }
        return etag;
    }

    private <T> HttpResponse<T> followRedirects(URI start, String method, long rangeFrom,
            HttpResponse.BodyHandler<T> handler, boolean followAbsolute) throws IOException {
        URI uri = start;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            boolean sameHost = sameOrigin(uri, settings.endpoint());
            HttpResponse<T> response = send(request(uri, method, rangeFrom, sameHost), handler);
            int status = response.statusCode();
            Optional<String> location = response.headers().firstValue("Location");
            if (status < 300 || status >= 400 || location.isEmpty()) {
                return response;
            }
            URI target = URI.create(location.get());
            if (!followAbsolute && (target.isAbsolute() || target.getHost() != null)) {
                return response;
            }
            URI next = uri.resolve(target);
            if (response.body() instanceof InputStream body) {
                body.close();
            }
            uri = next;
        }
        throw new HubException(HubException.Reason.PROTOCOL, "more than " + MAX_REDIRECTS + " redirects from " + start);
    }

    private HttpRequest request(URI uri, String method, long rangeFrom, boolean sendToken) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(HEADERS_TIMEOUT) // covers the wait for the headers only; bodies have a StallWatchdog
                .header("User-Agent", USER_AGENT)
                // Sizes and hashes refer to the raw bytes: refuse transparent compression.
                .header("Accept-Encoding", "identity");
        if (sendToken) {
            settings.token().ifPresent(t -> builder.header("Authorization", "Bearer " + t));
        }
        if (rangeFrom > 0) {
            builder.header("Range", "bytes=" + rangeFrom + "-");
        }
        return builder.build();
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return http.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException(HubException.Reason.NETWORK, "interrupted while requesting " + request.uri(), e);
        }
    }

    private HubException errorFor(HttpResponse<?> response, RepoId repo, String revision, String file) {
        return errorFor(response, repo, revision, file, null);
    }

    private HubException errorFor(HttpResponse<?> response, RepoId repo, String revision, String file,
            byte[] bodyBytes) {
        int status = response.statusCode();
        String code = response.headers().firstValue("X-Error-Code").orElse("");
        String where = settings.endpoint().toString();
        String body = bodyBytes != null ? serverMessage(bodyBytes) : "";
        if (!sameOrigin(response.uri(), settings.endpoint())) {
            // The CDN: a 403 there is an expired or bad signed URL, not a question of access rights.
            return new HubException(HubException.Reason.PROTOCOL, "HTTP " + status + " from the download host "
                    + response.uri().getHost() + " for " + file + " of " + repo + "; run again for a fresh link");
        }
        if (code.equals("GatedRepo") || (code.isEmpty() && (status == 401 || status == 403))) {
            String tokenHint = settings.token().isPresent()
                    ? "the token sent was refused: check it has access to " + repo
                    : "set HF_TOKEN or log in (the token file is $HF_HOME/token) with an account that has access";
            return new HubException(HubException.Reason.GATED_OR_PRIVATE,
                    "repo " + repo + " is gated or private (HTTP " + status + " from " + where + "): " + tokenHint);
        }
        if (code.equals("RevisionNotFound")) {
            return new HubException(HubException.Reason.NOT_FOUND,
                    "revision " + revision + " not found in repo " + repo + " at " + where + body);
        }
        if (code.equals("RepoNotFound") || (status == 404 && file == null)) {
            String privateHint = status == 401 ? " (if it is private or gated, set HF_TOKEN)" : "";
            return new HubException(HubException.Reason.NOT_FOUND,
                    "repo " + repo + " (revision " + revision + ") not found at " + where + privateHint + body);
        }
        if (status == 404) {
            return new HubException(HubException.Reason.FILE_NOT_FOUND,
                    "file " + file + " not found in repo " + repo + " (revision " + revision + ") at " + where + body);
        }
        return new HubException(HubException.Reason.PROTOCOL, "HTTP " + status + " from " + response.uri()
                + (file == null ? "" : " for " + file) + body);
    }

    /** The Hub's JSON error body is {@code {"error": "..."}}; show it when present. */
    private static String serverMessage(byte[] body) {
        try {
            String error = JSON.readTree(body).path("error").asText("");
            return error.isEmpty() ? "" : " (server: " + error + ")";
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(a.getScheme(), b.getScheme()) && Objects.equals(a.getHost(), b.getHost())
                && a.getPort() == b.getPort();
    }

    /** Percent-encodes like Python's {@code urllib.parse.quote}: unreserved characters stay, '/' only if asked. */
    static String encode(String text, boolean keepSlash) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || (keepSlash && c == '/');
            if (unreserved) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }
}
