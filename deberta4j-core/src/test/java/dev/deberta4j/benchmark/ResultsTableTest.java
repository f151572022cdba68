package dev.deberta4j.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The model card's layout, the labelled checkpoint rows, notes, and results.json's round trip. */
class ResultsTableTest {
    @TempDir Path dir;

    private static TaskResult trained(BenchmarkTask t, double last, double bestDev, double bestTest) {
        String m = t.metric();
        return new TaskResult(t.cliName(), TaskStatus.TRAINED, m, last,
                new CheckpointScore(300, Map.of(m, 0.5), Map.of(m, last)),
                t.devFile() == null ? null : new CheckpointScore(200, Map.of(m, 0.6), Map.of(m, bestDev)),
                new CheckpointScore(100, null, Map.of(m, bestTest)), 2000, 0, 1000, 1000,
                new ObjectMapper().createObjectNode().put("seed", 42), 12.5, null);
    }

    private static BenchmarkResults run(String model) {
        return BenchmarkResults.empty(model, "quick", Path.of("data"))
                .with(trained(BenchmarkTask.NSMC, 0.8130, 0, 0.8150))
                .with(TaskResult.unscored(BenchmarkTask.PAWS, TaskStatus.NO_TRAINING_DATA, null,
                        "no training data at data/paws/translated_train.tsv"))
                .with(trained(BenchmarkTask.KORSTS, 0.20644, 0.1912, 0.2123));
    }

    @Test
    void rowsPerModelWithScoresTimes100AndTwoDecimals() {
        BenchmarkResults earlier = BenchmarkResults.empty("other", "koelectra", Path.of("d"))
                .with(trained(BenchmarkTask.QUESTION_PAIR, 0.9, 0.9, 0.91));
        String md = ResultsTable.markdown(run("tiny"), List.of(earlier), ModelCardScores.rows());
        assertThat(md).contains("| Model | NSMC (acc) | PAWS (acc) | KorNLI (acc) | KorSTS (spearman) | Question Pair (acc) |\n"
                + "|---|---:|---:|---:|---:|---:|\n"
                + "| DeBERTa-base (model card) | 91.22 | 85.50 | 82.81 | 84.46 | 95.77 |\n"
                + "| other (koelectra) | – | – | – | – | 90.00 |\n"
                + "| **tiny (quick)** | 81.30 | – | – | 20.64 | – |\n");
        assertThat(md).contains("| final (the main row) | 81.30 | – | – | 20.64 | – |\n"
                + "| best on dev, scored on test | – | – | – | 19.12 | – |\n"
                + "| best-on-test (as in the original recipes) | 81.50 | – | – | 21.23 | – |\n");
        assertThat(md).contains("- PAWS: no training data at data/paws/translated_train.tsv");
    }

    @Test
    void resultsJsonRoundTripsInTheModelCardsOrder() {
        BenchmarkResults r = run("tiny");
        r.write(dir);
        BenchmarkResults back = BenchmarkResults.read(dir.resolve(BenchmarkResults.FILE));
        assertThat(back).isEqualTo(r);
        assertThat(back.tasks().keySet()).containsExactly("nsmc", "paws", "korsts");
        assertThat(back.task(BenchmarkTask.PAWS).status()).isEqualTo(TaskStatus.NO_TRAINING_DATA);
        assertThat(back.task(BenchmarkTask.KORSTS).bestOnDev().step()).isEqualTo(200);
    }
}
