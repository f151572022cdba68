package dev.deberta4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.data.DataFiles;
import dev.deberta4j.data.DataTable;
import dev.deberta4j.finetune.Evaluator;
import dev.deberta4j.finetune.LabelSet;
import dev.deberta4j.finetune.TaskColumns;
import dev.deberta4j.finetune.TaskExamples;
import dev.deberta4j.finetune.TextTask;
import dev.deberta4j.finetune.TrainingColumns;
import dev.deberta4j.model.DebertaModel;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.LoadOptions;
import dev.deberta4j.tokenizer.Tokenizer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code deberta4j evaluate}: score a task model on a labelled TSV, CSV or JSONL file. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Score a fine-tuned model on a labelled file: accuracy and macro-F1 for classification "
                + "(token tags where labelled), Pearson and Spearman for regression.",
                "The task follows from the model's config (architectures, problem_type) and --text-pair-column."})
public final class EvaluateCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin ModelOption model;
    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Labelled data (TSV, CSV, JSONL; .gz ok).")
    Path data;
    @Option(names = "--text-column", paramLabel = "C",
            description = "Default: the column the model was fine-tuned on (its " + TrainingColumns.FILE + ").")
    String textColumn;
    @Option(names = "--text-pair-column", paramLabel = "C2", description = "Second text of a pair.")
    String pairColumn;
    @Option(names = "--label-column", paramLabel = "L",
            description = "Default: the column the model was fine-tuned on (its " + TrainingColumns.FILE + ").")
    String labelColumn;
    @Option(names = "--max-length", defaultValue = "512", description = "Tokens per example, longer ones truncated (default: ${DEFAULT-VALUE}).")
    int maxLength;
    @Option(names = "--batch-size", defaultValue = "64", description = "Default: ${DEFAULT-VALUE}.")
    int batchSize;
    @Option(names = "--max-examples", paramLabel = "N", description = "Score the first N rows only.")
    Integer maxExamples;
    @Mixin JsonOption format;

    @Override
    public Integer call() throws IOException {
        Path dir = model.directory();
        DebertaConfig config = DebertaConfig.load(dir);
        TaskColumns columns = columns(dir);
        TextTask task = task(config, columns.pair());
        DataTable table = DataFiles.read(data);
        if (maxExamples != null) table = table.head(maxExamples);
        int length = Math.min(maxLength, config.maxSequenceLength());
        TaskExamples examples = TaskExamples.encode(table, task, columns,
                new LabelSet(List.copyOf(config.id2label.values())), Tokenizer.load(dir), length);
        DebertaModel m = DebertaModel.load(dir, LoadOptions.head(task.head()));
        Map<String, Double> metrics = new Evaluator(batchSize).evaluate(m, examples, null);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("task", task.cliName());
        result.put("examples", examples.size());
        result.putAll(metrics);
        PrintWriter out = spec.commandLine().getOut();
        if (format.json) {
            out.println(new ObjectMapper().writeValueAsString(result));
        } else {
            out.printf("%s: %,d examples (%s)%n", data, examples.size(), task.cliName());
            metrics.forEach((k, v) -> out.printf(Locale.ROOT, "%-9s %.4f%n", k, v));
        }
        return 0;
    }

    /** The options given, the rest from the columns the model was fine-tuned on; an error when neither names one. */
    private TaskColumns columns(Path dir) {
        TaskColumns trained = TrainingColumns.read(dir).map(TrainingColumns::columns).orElse(null);
        String text = textColumn != null ? textColumn : trained == null ? null : trained.text();
        String label = labelColumn != null ? labelColumn : trained == null ? null : trained.label();
        String pair = pairColumn != null ? pairColumn : trained == null || textColumn != null ? null : trained.pair();
        if (text == null || label == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --text-column and --label-column: "
                    + dir + " has no " + TrainingColumns.FILE + " naming the columns it was fine-tuned on");
        }
        return new TaskColumns(text, pair, label);
    }

    private TextTask task(DebertaConfig config, String pairColumn) {
        HeadType head = HeadType.fromArchitecture(config.architectures.isEmpty() ? "" : config.architectures.getFirst(),
                config.family);
        if (head == HeadType.TOKEN_CLASSIFICATION) return TextTask.TOKEN;
        if (head != HeadType.SEQUENCE_CLASSIFICATION) {
            throw new IllegalArgumentException(config.source() + ": architectures " + config.architectures
                    + ": expected " + HeadType.SEQUENCE_CLASSIFICATION.architecture(config.family) + " or "
                    + HeadType.TOKEN_CLASSIFICATION.architecture(config.family));
        }
        if (config.isRegression()) return TextTask.REGRESSION;
        return pairColumn != null ? TextTask.PAIR : TextTask.SINGLE;
    }
}
