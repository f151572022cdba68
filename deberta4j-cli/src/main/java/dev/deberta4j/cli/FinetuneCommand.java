package dev.deberta4j.cli;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.data.DataFiles;
import dev.deberta4j.data.DataTable;
import dev.deberta4j.finetune.FineTuneOptions;
import dev.deberta4j.finetune.FineTuning;
import dev.deberta4j.finetune.LabelSet;
import dev.deberta4j.finetune.ModelDirectory;
import dev.deberta4j.finetune.TaskColumns;
import dev.deberta4j.finetune.TaskExamples;
import dev.deberta4j.finetune.TextTask;
import dev.deberta4j.finetune.TrainingColumns;
import dev.deberta4j.io.IoErrors;
import dev.deberta4j.tokenizer.Tokenizer;
import dev.deberta4j.train.NonFiniteLossException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code deberta4j finetune}: train a task head (and the backbone) on a TSV, CSV or JSONL file. */
@Command(name = "finetune", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fine-tune a model on a TSV, CSV or JSONL file (optionally .gz): AdamW, linear warmup and decay, "
                + "evaluation every epoch (or --eval-steps), the best model kept in --output as a Hugging Face "
                + "model directory, metrics.jsonl and training-curves.png beside it, a resumable checkpoint in "
                + "OUTPUT/last-checkpoint.",
                "The starting --model is a task or backbone-only checkpoint with its tokenizer files."})
public final class FinetuneCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin ModelOption model;
    @Option(names = "--train", required = true, paramLabel = "FILE", description = "Training data.")
    Path trainFile;
    @Option(names = "--eval", paramLabel = "FILE", description = "Evaluation data (same columns).")
    Path evalFile;
    @Option(names = "--task", required = true, paramLabel = "TASK", description = "single, pair, regression or token.")
    String task;
    @Option(names = "--text-column", required = true, paramLabel = "C", description = "Column of the text (token task: words).")
    String textColumn;
    @Option(names = "--text-pair-column", paramLabel = "C2", description = "Column of the second text of a pair.")
    String pairColumn;
    @Option(names = "--label-column", required = true, paramLabel = "L", description = "Column of the label, score or tags.")
    String labelColumn;
    @Option(names = "--labels", split = ",", paramLabel = "A,B,...",
            description = "Label names in id order (values in the data may be these names or ids 0..n-1); "
                    + "default: the distinct values of the training data, sorted (ids 0..n-1 of a starting model that "
                    + "names its labels take its names).")
    List<String> labels;
    @Option(names = "--epochs", defaultValue = "3", description = "Default: ${DEFAULT-VALUE}.")
    int epochs;
    @Option(names = "--lr", defaultValue = "5e-5", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double lr;
    @Option(names = "--batch-size", defaultValue = "32", description = "Default: ${DEFAULT-VALUE}.")
    int batchSize;
    @Option(names = "--max-length", defaultValue = "128", description = "Tokens per example (default: ${DEFAULT-VALUE}).")
    int maxLength;
    @Option(names = "--warmup-ratio", defaultValue = "0", description = "Default: ${DEFAULT-VALUE}.")
    double warmupRatio;
    @Option(names = "--weight-decay", defaultValue = "0", description = "Default: ${DEFAULT-VALUE}.")
    double weightDecay;
    @Option(names = "--seed", defaultValue = "42", description = "Default: ${DEFAULT-VALUE}.")
    long seed;
    @Mixin OutputDirectoryOption outputDir;
    @Option(names = "--eval-steps", defaultValue = "0", paramLabel = "N",
            description = "Evaluate every N steps instead of every epoch.")
    int evalSteps;
    @Option(names = "--save-steps", defaultValue = "0", paramLabel = "N",
            description = "Also write the resumable checkpoint every N steps.")
    int saveSteps;
    @Option(names = "--eval-batch-size", defaultValue = "64", description = "Default: ${DEFAULT-VALUE}.")
    int evalBatchSize;
    @Option(names = "--max-grad-norm", defaultValue = "1.0", description = "Default: ${DEFAULT-VALUE}; 0 turns clipping off.")
    double maxGradNorm;
    @Option(names = "--max-train-examples", paramLabel = "N", description = "Train on the first N rows only.")
    Integer maxTrainExamples;
    @Option(names = "--max-eval-examples", paramLabel = "N", description = "Evaluate on the first N rows only.")
    Integer maxEvalExamples;
    @Option(names = "--resume", description = "Continue the run saved in OUTPUT/last-checkpoint.")
    boolean resume;
    @Option(names = "--overwrite", description = "Start afresh in a non-empty --output (its files are replaced).")
    boolean overwrite;

    @Override
    public Integer call() {
        TextTask t = TextTask.fromCliName(task);
        Path output = outputDir.path();
        checkOutput(output);
        PrintWriter err = spec.commandLine().getErr();
        try {
            Path modelDir = model.directory();
            DebertaConfig base = DebertaConfig.load(modelDir);
            if (maxLength > base.maxSequenceLength()) {
                throw new IllegalArgumentException("--max-length " + maxLength + " exceeds the model's "
                        + base.maxSequenceLength() + " positions (max_position_embeddings "
                        + base.maxPositionEmbeddings + ")");
            }
            Tokenizer tokenizer = Tokenizer.load(modelDir);
            TaskColumns columns = new TaskColumns(textColumn, pairColumn, labelColumn);
            DataTable trainTable = head(DataFiles.read(trainFile), maxTrainExamples);
            LabelSet labelSet = labelSet(t, trainTable, base);
            TaskExamples train = TaskExamples.encode(trainTable, t, columns, labelSet, tokenizer, maxLength);
            TaskExamples eval = evalFile == null ? null : TaskExamples.encode(head(DataFiles.read(evalFile),
                    maxEvalExamples), t, columns, labelSet, tokenizer, maxLength);
            FineTuneOptions options = new FineTuneOptions(epochs, batchSize, lr, warmupRatio, weightDecay, maxLength,
                    seed, evalSteps, saveSteps, evalBatchSize, maxGradNorm);
            FineTuning run = new FineTuning(modelDir, ModelDirectory.taskConfig(base, t, labelSet), t, train, eval,
                    options, output);
            err.printf("%s: %,d training examples%s, labels %s%n", t.cliName(), train.size(),
                    eval == null ? "" : String.format(", %,d evaluation examples", eval.size()),
                    t == TextTask.REGRESSION ? "(regression)" : labelSet.names());
            new TrainingColumns(t, columns).write(output);   // lets evaluate default to these columns
            Runnable drawCurves = () -> TrainingCurves.write(run.metricsLog().read(), output.resolve(TrainingCurves.FILE));
            try (TrainingProgressBar progress = new TrainingProgressBar(err, "train",
                    new CurvesRedraw(drawCurves, err)::saved)) {
                run.run(resume, progress);
            } finally {
                drawCurves.run();
            }
            err.println("model written to " + output);
            return 0;
        } catch (NonFiniteLossException e) {
            throw new IllegalStateException("stopped: " + e.getMessage()
                    + "; the output keeps the last good checkpoint (try a lower --lr)", e);
        }
    }

    /**
     * --labels, else the data's own label values; when those are the ids 0..n-1 of a starting model that names its
     * n labels (id2label other than LABEL_i), its names, so fine-tuning keeps "negative"/"positive" rather than "0"/"1".
     */
    private LabelSet labelSet(TextTask t, DataTable trainTable, DebertaConfig base) {
        if (labels != null) return new LabelSet(labels);
        if (t == TextTask.REGRESSION) return new LabelSet(List.of("LABEL_0"));
        LabelSet seen = LabelSet.fromValues(t == TextTask.TOKEN ? TaskExamples.tags(trainTable, labelColumn)
                : trainTable.column(labelColumn));
        List<String> named = List.copyOf(base.id2label.values());
        boolean idsOfTheModel = seen.size() <= named.size()
                && seen.names().stream().allMatch(v -> v.matches("\\d{1,9}") && Integer.parseInt(v) < named.size());
        boolean modelNamesThem = named.stream().noneMatch(n -> n.matches("LABEL_\\d+"));
        return idsOfTheModel && modelNamesThem && !named.isEmpty() ? new LabelSet(named) : seen;
    }

    /** A non-empty --output holds an earlier run: continue it (--resume) or replace it (--overwrite), never silently. */
    private void checkOutput(Path output) {
        if (resume || overwrite || !Files.isDirectory(output)) return;
        try (Stream<Path> entries = Files.list(output)) {
            if (entries.findAny().isPresent()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--output " + output
                        + " is not empty; pass --resume to continue the run saved there or --overwrite to replace it");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + output + ": " + IoErrors.reason(e), e);
        }
    }

    private static DataTable head(DataTable table, Integer limit) {
        return limit == null ? table : table.head(limit);
    }
}
