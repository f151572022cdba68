package dev.deberta4j.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The Markdown report of a run, in the model card's layout: a row per model (the card's reference row, earlier
 * runs to compare, this run's final checkpoints), columns NSMC (acc), PAWS (acc), KorNLI (acc), KorSTS
 * (spearman), Question Pair (acc), scores x100 with two decimals. Below it, this run's other checkpoint choices,
 * each labelled, and a note per task that was not scored.
 */
public final class ResultsTable {
    private static final String NONE = "–";

    private ResultsTable() {
    }

    public static String markdown(BenchmarkResults run, List<BenchmarkResults> earlier,
                                  Map<String, Map<String, Double>> referenceRows) {
        StringBuilder sb = new StringBuilder();
        sb.append("## Korean benchmark: ").append(run.label()).append("\n\n");
        header(sb, "Model");
        referenceRows.forEach((label, scores) -> row(sb, label, t -> scores.get(t.cliName())));
        for (BenchmarkResults r : earlier) row(sb, r.label(), t -> mainScore(r, t));
        row(sb, "**" + run.label() + "**", t -> mainScore(run, t));
        sb.append("\nTest-split scores x100 of the final checkpoint (the end of the recipe's training; models "
                + "evaluated as given with --eval-only: their only score).\n");

        if (run.tasks().values().stream().anyMatch(r -> r.status() == TaskStatus.TRAINED)) {
            sb.append("\n### Checkpoint selection in this run (the same fine-tuning runs, scored on test)\n\n");
            header(sb, "Checkpoint");
            row(sb, "final (the main row)", t -> trained(run, t, TaskResult::last));
            row(sb, "best on dev, scored on test", t -> trained(run, t, TaskResult::bestOnDev));
            row(sb, "best-on-test (as in the original recipes)", t -> trained(run, t, TaskResult::bestOnTest));
            sb.append("\nThe original recipes evaluate every saved checkpoint on the test set and publish the best: "
                    + "that selects on test, so it is optimistic and never the main number here. NSMC has no dev "
                    + "split.\n");
        }
        List<String> notes = new ArrayList<>();
        for (BenchmarkTask t : BenchmarkTask.values()) {
            TaskResult r = run.task(t);
            if (r != null && r.message() != null) notes.add("- " + t.title() + ": " + r.message());
        }
        if (!notes.isEmpty()) sb.append("\n").append(String.join("\n", notes)).append("\n");
        return sb.toString();
    }

    /** A score as the card prints it: x100, two decimals ("–" when absent). */
    public static String percent(Double fraction) {
        return fraction == null || fraction.isNaN() ? NONE : String.format(Locale.ROOT, "%.2f", 100 * fraction);
    }

    private static Double mainScore(BenchmarkResults run, BenchmarkTask task) {
        TaskResult r = run.task(task);
        return r == null ? null : r.score();
    }

    private static Double trained(BenchmarkResults run, BenchmarkTask task,
                                  Function<TaskResult, CheckpointScore> which) {
        TaskResult r = run.task(task);
        if (r == null || r.status() != TaskStatus.TRAINED) return null;
        CheckpointScore s = which.apply(r);
        return s == null ? null : s.testScore(r.metric());
    }

    private static void header(StringBuilder sb, String first) {
        sb.append("| ").append(first);
        for (BenchmarkTask t : BenchmarkTask.values()) sb.append(" | ").append(t.columnTitle());
        sb.append(" |\n|---");
        for (int i = 0; i < BenchmarkTask.values().length; i++) sb.append("|---:");
        sb.append("|\n");
    }

    private static void row(StringBuilder sb, String label, Function<BenchmarkTask, Double> score) {
        sb.append("| ").append(label);
        for (BenchmarkTask t : BenchmarkTask.values()) sb.append(" | ").append(percent(score.apply(t)));
        sb.append(" |\n");
    }
}
