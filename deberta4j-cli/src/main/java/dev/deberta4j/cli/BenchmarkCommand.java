package dev.deberta4j.cli;

import dev.deberta4j.benchmark.BenchmarkData;
import dev.deberta4j.benchmark.BenchmarkListener;
import dev.deberta4j.benchmark.BenchmarkResults;
import dev.deberta4j.benchmark.BenchmarkRunner;
import dev.deberta4j.benchmark.BenchmarkTask;
import dev.deberta4j.benchmark.ModelCardScores;
import dev.deberta4j.benchmark.Recipe;
import dev.deberta4j.benchmark.RecipeBook;
import dev.deberta4j.benchmark.RecipeOverrides;
import dev.deberta4j.benchmark.RecipeSelection;
import dev.deberta4j.benchmark.ResultsTable;
import dev.deberta4j.benchmark.TaskData;
import dev.deberta4j.benchmark.TaskResult;
import dev.deberta4j.benchmark.TaskStatus;
import dev.deberta4j.finetune.FineTuneListener;
import dev.deberta4j.finetune.MetricsLog;
import dev.deberta4j.models.BundledModels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code deberta4j benchmark}: the model card's Korean evaluation table with one command. Its default model is the
 * bundled pre-trained discriminator, since the card's table measures what fine-tuning a pre-trained backbone gives
 * (the --model help names it: BenchmarkCommand.properties).
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true, sortOptions = false,
        resourceBundle = "dev.deberta4j.cli.BenchmarkCommand",
        description = {"Fine-tune and score a model on the Korean benchmarks of the model card (NSMC, PAWS, KorNLI, "
                + "KorSTS, Question Pair) following the KoELECTRA or KcBERT-Finetune recipes (the model's backbone "
                + "gets a fresh head per task), and print the card's "
                + "table. Writes OUTPUT/results.json, OUTPUT/results.md and per task OUTPUT/TASK/ (metrics.jsonl, "
                + "training-curves.png, the kept model, a resumable checkpoint). Running the same command again "
                + "keeps finished tasks and resumes an interrupted one.",
                "The main score is the final checkpoint's on the test split; the best checkpoint on dev and the "
                        + "best-on-test figure of the original recipes are reported separately, labelled."})
public final class BenchmarkCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin BundledModelOption model = new BundledModelOption(BundledModels.KOREAN_DISCRIMINATOR);
    @Option(names = "--tasks", defaultValue = "all", paramLabel = "T1,T2|all",
            description = "nsmc, paws, kornli, korsts, question_pair or all (default: ${DEFAULT-VALUE}).")
    String tasks;
    @Option(names = "--data-dir", required = true, paramLabel = "DIR",
            description = "The data directory: DIR/nsmc/ratings_train.txt(.gz), DIR/paws/..., as in data/README.md.")
    Path dataDir;
    @Mixin OutputDirectoryOption outputDir;
    @Option(names = "--recipe", paramLabel = "NAME",
            description = "auto (default: the recipe of the model's name or model_type), koelectra, koelectra-small-v3, "
                    + "kcbert, kcbert-large, kobert, distilkobert or xlm-roberta; quick is what --quick uses. "
                    + "Values: recipes.json.")
    String recipe;
    @Option(names = "--quick", description = "Smoke test: the quick recipe (2,000 train / 1,000 dev and test rows, "
            + "short training) on the bundled pre-trained discriminator unless --model is given; a few minutes.")
    boolean quick;
    @Option(names = "--eval-only", description = "Score the model as given (already fine-tuned for the tasks, "
            + "labels in the recipe's order) instead of fine-tuning; needs no training data.")
    boolean evalOnly;
    @Option(names = "--max-train", paramLabel = "N", description = "Train on the first N rows (after the recipe's skips).")
    Integer maxTrain;
    @Option(names = "--max-test", paramLabel = "N", description = "Score the first N dev and test rows.")
    Integer maxTest;
    @Option(names = "--epochs", paramLabel = "N", description = "Override the recipe's epochs.")
    Integer epochs;
    @Option(names = "--seed", paramLabel = "S", description = "Override the recipe's seed (42).")
    Long seed;
    @Option(names = "--lr", paramLabel = "LR", description = "Override the recipe's learning rate.")
    Double lr;
    @Option(names = "--batch-size", paramLabel = "N", description = "Override the recipe's training batch size.")
    Integer batchSize;
    @Option(names = "--max-length", paramLabel = "N", description = "Override the recipe's max_seq_len.")
    Integer maxLength;
    @Option(names = "--save-steps", paramLabel = "N",
            description = "Override the recipe's save_steps (evaluate and checkpoint every N steps; 0: every epoch).")
    Integer saveSteps;
    @Option(names = "--eval-batch-size", paramLabel = "N", description = "Override the recipe's eval batch size.")
    Integer evalBatchSize;
    @Option(names = "--compare", paramLabel = "RESULTS_JSON", split = ",",
            description = "results.json files of earlier runs whose rows join the table.")
    List<Path> compare = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        if (quick && recipe != null && !recipe.equals("quick")) {
            throw new IllegalArgumentException("--quick uses the quick recipe; drop --recipe " + recipe);
        }
        RecipeBook book = RecipeBook.bundled();
        String asked = quick ? "quick" : recipe != null ? recipe : RecipeSelection.AUTO;
        if (!asked.equals(RecipeSelection.AUTO) && !book.names().contains(asked)) {
            throw new IllegalArgumentException("unknown recipe \"" + asked + "\": expected auto or one of "
                    + book.names());
        }
        List<BenchmarkTask> selected = BenchmarkTask.parseList(tasks);
        if (selected.isEmpty()) throw new IllegalArgumentException("--tasks names no task");
        if (!Files.isDirectory(dataDir)) throw new IllegalArgumentException("--data-dir " + dataDir + ": not a directory");
        List<BenchmarkResults> earlier = compare.stream().map(BenchmarkResults::read).toList();
        Path modelDir = model.directory();
        String recipeName = asked.equals(RecipeSelection.AUTO)
                ? RecipeSelection.select(model.given() ? model.name() : null, modelDir) : asked;
        RecipeOverrides overrides = new RecipeOverrides(maxLength, batchSize, evalBatchSize, lr, epochs, saveSteps,
                seed, maxTrain, maxTest);
        PrintWriter err = spec.commandLine().getErr();
        err.printf("benchmark: %s, recipe %s (%s), tasks %s%n", model.name(), recipeName,
                book.description(recipeName), selected.stream().map(BenchmarkTask::cliName).toList());
        Path output = outputDir.path();
        BenchmarkRunner runner = new BenchmarkRunner(modelDir, model.name(), new BenchmarkData(dataDir), output, book,
                recipeName, overrides, evalOnly);
        BenchmarkResults results = runner.run(selected, new ConsoleListener(err));
        String table = ResultsTable.markdown(results, earlier, ModelCardScores.rows());
        Files.writeString(output.resolve("results.md"), table, StandardCharsets.UTF_8);
        spec.commandLine().getOut().print(table);
        spec.commandLine().getOut().flush();
        err.println("wrote " + output.resolve(BenchmarkResults.FILE) + " and " + output.resolve("results.md"));
        boolean failed = selected.stream().map(results::task)
                .anyMatch(r -> r != null && r.status() == TaskStatus.FAILED);
        return failed ? 1 : 0;
    }

    /** A progress bar per task, a line per finished task, training curves per task. */
    private static final class ConsoleListener implements BenchmarkListener {
        private final PrintWriter err;
        private TrainingProgressBar bar;

        ConsoleListener(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void reused(BenchmarkTask task, TaskResult result) {
            err.printf(Locale.ROOT, "%s: finished in an earlier session, kept (%s %s)%n", task.cliName(),
                    result.metric(), ResultsTable.percent(result.score()));
        }

        @Override
        public FineTuneListener trainingStarted(BenchmarkTask task, Recipe recipe, TaskData data, boolean resumed,
                                                Path taskDir, MetricsLog log) {
            err.printf(Locale.ROOT, "%s: %s%,d training rows%s, %s%,d test rows; max_seq_len %d, batch %d, "
                            + "lr %.1e, epochs %d%n", task.cliName(), resumed ? "resuming from the checkpoint; " : "",
                    data.train().size(), data.droppedTrain() > 0 ? " (" + data.droppedTrain() + " skipped: empty sentence)" : "",
                    data.dev() == null ? "" : String.format(Locale.ROOT, "%,d dev rows, ", data.dev().size()),
                    data.test().size(), recipe.maxLength(), recipe.batchSize(), recipe.learningRate(), recipe.epochs());
            bar = new TrainingProgressBar(err, task.cliName(), new CurvesRedraw(() -> drawCurves(taskDir, log), err)::saved);
            return bar;
        }

        @Override
        public void trainingEnded(BenchmarkTask task, Path taskDir, MetricsLog log) {
            if (bar != null) bar.close();
            bar = null;
            drawCurves(taskDir, log);
        }

        private static void drawCurves(Path taskDir, MetricsLog log) {
            TrainingCurves.write(log.read(), taskDir.resolve(TrainingCurves.FILE));
        }

        @Override
        public void finished(BenchmarkTask task, TaskResult result) {
            String what = switch (result.status()) {
                case TRAINED -> result.metric() + " " + ResultsTable.percent(result.score())
                        + " (final checkpoint, test)";
                case EVALUATED -> result.metric() + " " + ResultsTable.percent(result.score()) + " (as given, test)";
                case NO_TRAINING_DATA, FAILED -> result.message();
            };
            err.printf(Locale.ROOT, "%s: %s%n", task.cliName(), what);
        }
    }
}
