package dev.deberta4j.cli;

import dev.deberta4j.benchmark.source.DataSources;
import dev.deberta4j.benchmark.source.LocalFileStatus;
import dev.deberta4j.benchmark.source.SourceFile;
import dev.deberta4j.benchmark.source.TaskDataFolder;
import dev.deberta4j.benchmark.source.TaskSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code deberta4j data list}: each task's files and sources, and with {@code --dir} which are present and verified. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List the files each task needs (role, rows, source URL at the pinned commit) and, with --dir, "
                + "whether DIR/<task>/ holds each one (plain or .gz): verified, MISMATCH, MISSING, or unverified "
                + "with --no-verify.", "Exit status 0 also when files are missing; nothing touches the network."})
public final class DataListCommand implements Callable<Integer> {

    @Option(names = "--task", defaultValue = DataSources.ALL, paramLabel = "TASK",
            description = "nsmc, paws, kornli, korsts, question_pair or all (default: ${DEFAULT-VALUE}).")
    String task;

    @Option(names = "--dir", paramLabel = "DIR", description = "Data directory to check (DIR/<task>/<file>).")
    Path dir;

    @Option(names = "--no-verify", description = "Only look for the files; do not hash them.")
    boolean noVerify;

    @Spec CommandSpec spec;

    private final DataSources sources;

    public DataListCommand() {
        this(DataSources.load());
    }

    /** For tests: a manifest other than the bundled one. */
    DataListCommand(DataSources sources) {
        this.sources = sources;
    }

    @Override
    public Integer call() throws IOException {   // failures: one line from Main's handler
        PrintWriter out = spec.commandLine().getOut();
        TaskDataFolder folder = dir == null ? null : new TaskDataFolder(dir);
        for (TaskSource source : sources.select(task)) {
            out.println(source.name() + " (" + source.title() + "; " + source.pinnedRepository() + "; license "
                    + source.license() + source.upstream().map(u -> "; upstream " + u).orElse("") + ")");
            for (SourceFile file : source.files()) {
                String line = String.format(Locale.ROOT, "  %-5s %-22s %,9d rows", file.role().jsonName(),
                        file.name(), file.rows());
                out.println(folder == null ? line + "  " + file.url() : line + "  " + describe(
                        folder.status(source, file, !noVerify)));
            }
        }
        return 0;
    }

    private static String describe(LocalFileStatus status) {
        return switch (status.state()) {
            case MISSING -> "MISSING     get it from " + status.file().url();
            case VERIFIED -> "verified    " + status.path().orElseThrow();
            case UNVERIFIED -> "unverified  " + status.path().orElseThrow();
            case MISMATCH -> "MISMATCH    " + status.path().orElseThrow() + " (" + String.join("; ",
                    status.mismatches()) + ")";
        };
    }
}
