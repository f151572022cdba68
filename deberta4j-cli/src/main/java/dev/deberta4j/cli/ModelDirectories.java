package dev.deberta4j.cli;

import dev.deberta4j.hub.HubClient;
import dev.deberta4j.hub.HubSettings;
import dev.deberta4j.hub.ModelLocator;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Resolves a --model argument: a directory, or a Hub repo id from the shared cache (downloaded when missing). */
final class ModelDirectories {
    private ModelDirectories() {
    }

    /** @param err where download progress goes (the command's err stream) */
    static Path resolve(String dirOrRepoId, PrintWriter err) {
        try (DownloadProgressBars progress = new DownloadProgressBars(err)) {
            return ModelLocator.resolve(dirOrRepoId, new HubClient(HubSettings.fromEnvironment()), progress);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
