package dev.deberta4j.hub;

import dev.deberta4j.download.DownloadListener;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A second downloader process for {@link HubClientTest}: ENDPOINT CACHE_DIR REPO GLOB; prints the snapshot path. */
public final class SnapshotDownloadProcess {
    public static void main(String[] args) throws Exception {
        HubClient client = new HubClient(new HubSettings(URI.create(args[0]), Path.of(args[1]), Optional.empty(), false));
        System.out.println(client.snapshotDownload(args[2], "main", List.of(args[3]), DownloadListener.NONE));
    }
}
