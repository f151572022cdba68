package dev.deberta4j.benchmark;

import dev.deberta4j.finetune.LabelSet;
import dev.deberta4j.finetune.TaskColumns;
import dev.deberta4j.finetune.TextTask;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The five Korean benchmarks of the team-lucid/deberta-v3-base-korean model card, as the KoELECTRA and
 * KcBERT-Finetune recipes read them: the canonical files under {@code DATA_DIR/<dir>/} (each may also be stored
 * gzip-compressed as {@code NAME.gz}), their columns, label order, the rows the recipes skip and the reported metric.
 */
public enum BenchmarkTask {
    NSMC("nsmc", "NSMC", "nsmc", "ratings_train.txt", null, "ratings_test.txt",
            new TaskColumns("document", null, "label"), TextTask.SINGLE, List.of("negative", "positive"), false),
    PAWS("paws", "PAWS", "paws", "translated_train.tsv", "dev_2k.tsv", "test_2k.tsv",
            new TaskColumns("sentence1", "sentence2", "label"), TextTask.PAIR,
            List.of("not_paraphrase", "paraphrase"), true),
    KORNLI("kornli", "KorNLI", "kornli", "multinli.train.ko.tsv", "xnli.dev.ko.tsv", "xnli.test.ko.tsv",
            new TaskColumns("sentence1", "sentence2", "gold_label"), TextTask.PAIR,
            List.of("contradiction", "entailment", "neutral"), false),
    KORSTS("korsts", "KorSTS", "korsts", "sts-train.tsv", "sts-dev.tsv", "sts-test.tsv",
            new TaskColumns("sentence1", "sentence2", "score"), TextTask.REGRESSION, List.of(), false),
    QUESTION_PAIR("question_pair", "Question Pair", "question_pair", "train.txt", "validation.txt", "test.txt",
            // songys' README: 0 = the same question, 1 = a different one.
            new TaskColumns("question1", "question2", "is_duplicate"), TextTask.PAIR, List.of("same", "different"),
            true);

    private final String cliName;
    private final String title;
    private final String directory;
    private final String trainFile;
    private final String devFile;
    private final String testFile;
    private final TaskColumns columns;
    private final TextTask textTask;
    private final List<String> labels;
    private final boolean dropsEmptySentences;

    BenchmarkTask(String cliName, String title, String directory, String trainFile, String devFile, String testFile,
                  TaskColumns columns, TextTask textTask, List<String> labels, boolean dropsEmptySentences) {
        this.cliName = cliName;
        this.title = title;
        this.directory = directory;
        this.trainFile = trainFile;
        this.devFile = devFile;
        this.testFile = testFile;
        this.columns = columns;
        this.textTask = textTask;
        this.labels = labels;
        this.dropsEmptySentences = dropsEmptySentences;
    }

    /** The name on the command line, in results.json and as the output subdirectory. */
    public String cliName() {
        return cliName;
    }

    /** The model card's column title, e.g. "KorSTS (spearman)". */
    public String columnTitle() {
        return title + " (" + (isRegression() ? "spearman" : "acc") + ")";
    }

    public String title() {
        return title;
    }

    /** The task's folder under the data directory. */
    public String directory() {
        return directory;
    }

    public String trainFile() {
        return trainFile;
    }

    /** The dev file, or null where the recipes have none (NSMC). */
    public String devFile() {
        return devFile;
    }

    public String testFile() {
        return testFile;
    }

    public TaskColumns columns() {
        return columns;
    }

    public TextTask textTask() {
        return textTask;
    }

    public boolean isRegression() {
        return textTask == TextTask.REGRESSION;
    }

    /** The classes in the recipe's id order (regression: the single LABEL_0 output). */
    public LabelSet labels() {
        return new LabelSet(isRegression() ? List.of("LABEL_0") : labels);
    }

    /** The reported metric: Spearman on the test split for KorSTS, accuracy otherwise. */
    public String metric() {
        return isRegression() ? "spearman" : "accuracy";
    }

    /** PAWS and Question Pair: the recipes skip training rows whose first or second sentence is empty. */
    public boolean dropsEmptySentences() {
        return dropsEmptySentences;
    }

    public static BenchmarkTask fromCliName(String name) {
        for (BenchmarkTask t : values()) if (t.cliName.equals(name.strip().toLowerCase(Locale.ROOT))) return t;
        throw new IllegalArgumentException("unknown benchmark task \"" + name + "\": expected one of "
                + Arrays.stream(values()).map(BenchmarkTask::cliName).toList() + " or all");
    }

    /** A comma-separated list of task names, or "all" (model card order). */
    public static List<BenchmarkTask> parseList(String names) {
        if (names.strip().equalsIgnoreCase("all")) return List.of(values());
        return Arrays.stream(names.split(",")).filter(s -> !s.isBlank()).map(BenchmarkTask::fromCliName)
                .distinct().toList();
    }
}
