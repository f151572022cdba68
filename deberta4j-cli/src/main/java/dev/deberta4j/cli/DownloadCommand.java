package dev.deberta4j.cli;

import dev.deberta4j.hub.HubClient;
import dev.deberta4j.hub.HubSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code deberta4j download REPO_ID}: fetch a model into the cache huggingface_hub shares, print its folder. */
@Command(name = "download", mixinStandardHelpOptions = true,
        description = {"Download a model from the Hugging Face Hub into the shared huggingface_hub cache "
                + "and print its snapshot folder.",
                "Honours HF_ENDPOINT, HF_HOME, HF_HUB_CACHE, HF_TOKEN (or the token file) and HF_HUB_OFFLINE=1."})
public final class DownloadCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "REPO_ID", description = "Hub repo id, e.g. team-lucid/deberta-v3-base-korean")
    String repoId;

    @Option(names = "--revision", defaultValue = "main", paramLabel = "REV",
            description = "Branch, tag or commit hash (default: ${DEFAULT-VALUE}).")
    String revision;

    @Option(names = "--include", arity = "1..*", paramLabel = "GLOB",
            description = "Download only files matching these globs (fnmatch, '*' crosses folders) instead of "
                    + "the default config + tokenizer + weights (safetensors preferred).")
    List<String> include = new ArrayList<>();

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "Hub cache folder (default: HF_HUB_CACHE).")
    Path cacheDir;

    @Spec CommandSpec spec;

    private final HubSettings environment;

    public DownloadCommand() {
        this(HubSettings.fromEnvironment());
    }

    /** For tests: settings that would otherwise come from the environment. */
    DownloadCommand(HubSettings environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws IOException {   // failures: one line from Main's handler
        HubSettings settings = cacheDir == null ? environment : environment.withCacheDir(cacheDir);
        try (DownloadProgressBars progress = new DownloadProgressBars(spec.commandLine().getErr())) {
            Path snapshot = new HubClient(settings).snapshotDownload(repoId, revision, include, progress);
            spec.commandLine().getOut().println(snapshot);
            return 0;
        }
    }
}
