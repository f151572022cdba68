package dev.deberta4j.benchmark.source;

import dev.deberta4j.download.DownloadListener;
import dev.deberta4j.download.FileDigests;
import dev.deberta4j.download.PartialFileTransfer;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Downloads a task's canonical files into {@code <root>/<task>/<file>}: each is streamed to {@code <file>.part}
 * (resumed with an HTTP Range request when an earlier run left one), checked against every digest the manifest
 * lists, and only then renamed into place, so a data folder never holds an unverified file under a canonical name.
 * Files already present (plain or {@code .gz}) and verified are skipped. Files are stored uncompressed.
 */
public final class DataFetcher {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration HEADERS_TIMEOUT = Duration.ofSeconds(30);
    private static final String USER_AGENT = "deberta4j/0.1.0; java/" + Runtime.version().feature();

    private final HttpClient http;
    private final int maxAttempts;
    private final Duration stallTimeout;

    /** Five attempts per file, each resuming from the bytes on disk; a transfer silent for 30 s counts as dropped. */
    public DataFetcher() {
        this(5, Duration.ofSeconds(30));
    }

    public DataFetcher(int maxAttempts, Duration stallTimeout) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts should be at least 1, found " + maxAttempts);
        }
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL) // renamed GitHub repositories redirect
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
        this.maxAttempts = maxAttempts;
        this.stallTimeout = stallTimeout;
    }

    /** Fetches the files of {@code task} that {@code options} selects, in manifest order; stops at the first failure. */
    public List<FetchedFile> fetch(TaskSource task, TaskDataFolder folder, FetchOptions options,
            DownloadListener listener) throws IOException {
        List<FetchedFile> fetched = new ArrayList<>();
        for (SourceFile file : task.files(options.roles())) {
            fetched.add(fetch(task, file, folder, options, listener));
        }
        return fetched;
    }

    private FetchedFile fetch(TaskSource task, SourceFile file, TaskDataFolder folder, FetchOptions options,
            DownloadListener listener) throws IOException {
        if (!options.force()) {
            LocalFileStatus present = folder.status(task, file, true);
            switch (present.state()) {
                case VERIFIED -> {
                    return new FetchedFile(task, file, present.path().orElseThrow(), false);
                }
                case MISMATCH -> throw new DataFetchException(DataFetchException.Reason.LOCAL_MISMATCH,
                        present.path().orElseThrow() + " is not the canonical " + task.name() + " file ("
                                + String.join("; ", present.mismatches()) + "); move it away or pass --force to "
                                + "replace it");
                default -> { } // missing: download it
            }
        }
        Path dir = Files.createDirectories(folder.taskDir(task));
        Path part = dir.resolve(file.name() + ".part");
        URI url = options.mirror().map(m -> m.rewrite(file.url())).orElse(file.url());
        String label = task.name() + "/" + file.name();
        download(url, part, label, listener);
        FileDigests digests = FileDigests.of(part);
        List<String> mismatches = file.mismatches(digests);
        if (!mismatches.isEmpty()) {
            Files.delete(part);
            throw new DataFetchException(DataFetchException.Reason.CHECKSUM_MISMATCH, "checksum mismatch for "
                    + label + " from " + url + ": " + String.join("; ", mismatches) + " (" + digests.length()
                    + " bytes); the download was deleted");
        }
        Path target = dir.resolve(file.name());
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        listener.finished(label);
        return new FetchedFile(task, file, target, true);
    }

    /** Brings {@code part} to the full content of {@code url}, retrying dropped transfers from the bytes on disk. */
    private void download(URI url, Path part, String label, DownloadListener listener) throws IOException {
        long total = -1;
        boolean started = false;
        IOException lastFailure = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            long offset = Files.exists(part) ? Files.size(part) : 0;
            try {
                HttpResponse<InputStream> response = get(url, offset, label);
                if (response.statusCode() == 416) {
                    response.body().close();
                    return; // an earlier run got every byte but stopped before verifying: check what is there
                }
                long start = rangeStart(response, offset, url, label);
                if (!started) {
                    total = announcedTotal(response, start);
                    listener.started(label, total, start);
                    started = true;
                }
                long length = PartialFileTransfer.appendBody(response, start, part, stallTimeout, url.getHost(),
                        done -> listener.progressed(label, done));
                if (total < 0 || length >= total) {
                    return;
                }
                lastFailure = new IOException("the connection closed after " + length + " of " + total + " bytes");
            } catch (DataFetchException e) {
                throw e;
            } catch (IOException e) {
                lastFailure = e; // refused, dropped or stalled: try again from what is on disk
            }
        }
        long have = Files.exists(part) ? Files.size(part) : 0;
        String attempts = " (" + maxAttempts + " attempts, last error: " + lastFailure + ")";
        if (have == 0) {
            Files.deleteIfExists(part);
            throw new DataFetchException(DataFetchException.Reason.NETWORK, "could not download " + label + " from "
                    + url + attempts, lastFailure);
        }
        throw new DataFetchException(DataFetchException.Reason.NETWORK, "download of " + label + " from " + url
                + " stopped after " + have + (total < 0 ? "" : " of " + total) + " bytes" + attempts
                + "; the partial file " + part + " is kept and the next run resumes it", lastFailure);
    }

    private HttpResponse<InputStream> get(URI url, long offset, String label) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).GET().timeout(HEADERS_TIMEOUT)
                .header("User-Agent", USER_AGENT);
        if (offset > 0) {
            request.header("Range", "bytes=" + offset + "-");
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while downloading " + label);
        }
        int status = response.statusCode();
        if (status == 200 || status == 206 || (status == 416 && offset > 0)) {
            return response;
        }
        response.body().close();
        if (status == 404) {
            throw new DataFetchException(DataFetchException.Reason.NOT_FOUND, label + " not found: " + url
                    + " answered 404" + (url.toString().startsWith(DataSources.RAW_GITHUB) ? ""
                    : " (the mirror does not hold this file)"));
        }
        throw new DataFetchException(DataFetchException.Reason.HTTP_STATUS, "download of " + label + " from " + url
                + " failed: HTTP " + status);
    }

    /** Where the body starts: 0 for a 200 (the server ignored Range, start over), the Content-Range start for 206. */
    private static long rangeStart(HttpResponse<InputStream> response, long offset, URI url, String label)
            throws IOException {
        if (response.statusCode() != 206) {
            return 0;
        }
        OptionalLong start = PartialFileTransfer.contentRangeStart(response);
        if (start.isEmpty() || start.getAsLong() != offset) {
            response.body().close();
            throw new DataFetchException(DataFetchException.Reason.PROTOCOL, "asked " + url + " for " + label
                    + " from byte " + offset + " but the 206 answer has Content-Range '"
                    + response.headers().firstValue("Content-Range").orElse("") + "'");
        }
        return offset;
    }

    /** The full file size the response implies, or -1 when the server did not say. */
    private static long announcedTotal(HttpResponse<InputStream> response, long start) {
        OptionalLong length = response.headers().firstValueAsLong("Content-Length");
        return length.isPresent() ? start + length.getAsLong() : -1;
    }
}
