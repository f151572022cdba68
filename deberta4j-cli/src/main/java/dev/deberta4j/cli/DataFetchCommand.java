package dev.deberta4j.cli;

import dev.deberta4j.benchmark.source.DataFetcher;
import dev.deberta4j.benchmark.source.DataSources;
import dev.deberta4j.benchmark.source.FetchOptions;
import dev.deberta4j.benchmark.source.FetchedFile;
import dev.deberta4j.benchmark.source.SourceMirror;
import dev.deberta4j.benchmark.source.TaskDataFolder;
import dev.deberta4j.benchmark.source.TaskSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code deberta4j data fetch --task T --to DIR}: download a task's canonical files and verify their digests. */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = {"Download a task's files from their canonical source at the pinned commit into DIR/<task>/, "
                + "verifying the sha256 and git blob id of each. Files already present (plain or .gz) and verified "
                + "are skipped; an interrupted download (<file>.part) is resumed.",
                "Needs network access; the mirror (--mirror or " + SourceMirror.ENVIRONMENT_VARIABLE
                        + ") replaces https://raw.githubusercontent.com/."})
public final class DataFetchCommand implements Callable<Integer> {

    @Option(names = "--task", required = true, paramLabel = "TASK",
            description = "nsmc, paws, kornli, korsts, question_pair or all.")
    String task;

    @Option(names = "--to", required = true, paramLabel = "DIR",
            description = "Data directory; files go to DIR/<task>/ (the layout the benchmark reads).")
    Path to;

    @Option(names = "--mirror", paramLabel = "URL",
            description = "Base URL serving <owner>/<repo>/<commit>/<path> like raw.githubusercontent.com "
                    + "(default: $" + SourceMirror.ENVIRONMENT_VARIABLE + ").")
    String mirror;

    @Option(names = "--force", description = "Download again even files that are present and verified, and "
            + "replace present files whose digests differ.")
    boolean force;

    @Option(names = "--extras", description = "Also fetch the files the recipes do not use (KorNLI's SNLI train, "
            + "the raw Question Pair CSVs).")
    boolean extras;

    @Spec CommandSpec spec;

    private final DataSources sources;

    public DataFetchCommand() {
        this(DataSources.load());
    }

    /** For tests: a manifest other than the bundled one. */
    DataFetchCommand(DataSources sources) {
        this.sources = sources;
    }

    @Override
    public Integer call() throws IOException {   // failures: one line from Main's handler
        PrintWriter out = spec.commandLine().getOut();
        try (DownloadProgressBars progress = new DownloadProgressBars(spec.commandLine().getErr())) {
            Optional<SourceMirror> chosenMirror = mirror != null ? Optional.of(SourceMirror.of(mirror))
                    : SourceMirror.fromEnvironment();
            FetchOptions options = new FetchOptions(chosenMirror, force, extras);
            TaskDataFolder folder = new TaskDataFolder(to);
            DataFetcher fetcher = new DataFetcher();
            for (TaskSource source : sources.select(task)) {
                for (FetchedFile fetched : fetcher.fetch(source, folder, options, progress)) {
                    out.println(source.name() + "/" + fetched.file().name() + ": "
                            + (fetched.downloaded() ? "downloaded, " : "already present, ")
                            + fetched.file().checkedBy() + " verified: " + fetched.path());
                }
            }
            return 0;
        }
    }
}
