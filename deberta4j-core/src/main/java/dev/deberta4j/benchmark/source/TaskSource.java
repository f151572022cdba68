package dev.deberta4j.benchmark.source;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where one benchmark task's files come from: a GitHub repository pinned to a commit, and the files taken from it.
 *
 * @param name       the task name, also its folder under a data directory (nsmc, paws, kornli, korsts, question_pair)
 * @param repository {@code owner/name} on GitHub
 * @param upstream   the original distribution where the repository holds a copy (PAWS-X's tarball)
 */
public record TaskSource(String name, String title, String repository, String commit, String license,
        Optional<String> upstream, List<SourceFile> files) {

    public TaskSource {
        files = List.copyOf(files);
    }

    public Optional<SourceFile> file(String fileName) {
        return files.stream().filter(f -> f.name().equals(fileName)).findFirst();
    }

    public List<SourceFile> files(Set<FileRole> roles) {
        return files.stream().filter(f -> roles.contains(f.role())).toList();
    }

    /** The training file of the recipe (each task has exactly one, checked when the manifest is loaded). */
    public SourceFile trainFile() {
        return files.stream().filter(f -> f.role() == FileRole.TRAIN).findFirst().orElseThrow();
    }

    /** {@code github.com/owner/name@commit}, short enough for a message yet exact. */
    public String pinnedRepository() {
        return "github.com/" + repository + "@" + commit;
    }

    /**
     * The message for a task folder without its training file: names the file, its canonical source and the
     * command that fetches it.
     *
     * @param taskDir the folder searched ({@code <data dir>/<task>})
     */
    public String noTrainingDataMessage(Path taskDir) {
        SourceFile train = trainFile();
        Path dataRoot = taskDir.toAbsolutePath().getParent();
        return "no training data at " + taskDir + ": " + name + " needs " + train.name() + " (or " + train.name()
                + ".gz, " + String.format("%,d", train.rows()) + " rows); its canonical source is " + train.url()
                + " (" + pinnedRepository() + upstream.map(u -> ", originally " + u).orElse("") + "). "
                + "With network access, 'deberta4j data fetch --task " + name + " --to "
                + (dataRoot == null ? "DIR" : dataRoot) + "' downloads and verifies it.";
    }
}
