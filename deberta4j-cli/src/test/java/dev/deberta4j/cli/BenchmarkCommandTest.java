package dev.deberta4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deberta4j.benchmark.BenchmarkTask;
import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.finetune.BackboneWeights;
import dev.deberta4j.finetune.ModelDirectory;
import dev.deberta4j.io.Checkpoints;
import dev.deberta4j.io.TensorSource;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.testing.ModelFixtures;
import dev.deberta4j.train.TrainableModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deberta4j benchmark} end to end on slices of the canonical files (src/test/resources/benchmark-data):
 * the quick mode learns every task that has training data, reports the others, and reruns keep its results;
 * --eval-only scores fine-tuned models as given.
 */
class BenchmarkCommandTest {
    private static final Path DATA = Path.of("src/test/resources/benchmark-data");
    private static final Path BUNDLED = Path.of("../" + BundledModel.RELATIVE_PATH);
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path tmp;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /**
     * A small DeBERTa-V3 with random weights in the former bundled classifier's shape (hidden 128, 2 layers, 4 heads,
     * FFN 512) on ko-unigram-8k: the quick mode's model here, since on the bundled pre-trained discriminator (the
     * default) the test takes minutes longer.
     */
    private Path smallModel() {
        return ModelFixtures.write(tmp.resolve("small"), ModelFixtures.UNIGRAM, HeadType.BASE, null, Map.of(
                "hidden_size", 128, "num_hidden_layers", 2, "num_attention_heads", 4, "intermediate_size", 512), 42, w -> { });
    }

    @Test
    void quickModeLearnsEveryTaskWithTrainingDataAndARerunKeepsTheResults() throws IOException {
        Path out = tmp.resolve("quick");
        String small = smallModel().toString();
        CliRun r = run("benchmark", "--quick", "--model", small, "--tasks", "all", "--data-dir", DATA.toString(),
                "--output", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode tasks = JSON.readTree(out.resolve("results.json").toFile()).path("tasks");

        // clearly above the majority class (NSMC 0.50, Question Pair 0.67 on its test split) and above 0 for KorSTS
        assertThat(tasks.at("/nsmc/status").asText()).isEqualTo("trained");
        assertThat(tasks.at("/nsmc/score").asDouble()).isGreaterThan(0.60);
        assertThat(tasks.at("/question_pair/test_examples").asInt()).isEqualTo(758);
        assertThat(tasks.at("/question_pair/score").asDouble()).isGreaterThan(0.72);
        assertThat(tasks.at("/korsts/metric").asText()).isEqualTo("spearman");
        assertThat(tasks.at("/korsts/score").asDouble()).isGreaterThan(0.10);
        assertThat(tasks.at("/korsts/final/test/pearson").isNumber()).isTrue();
        assertThat(tasks.at("/nsmc/best_on_dev").isMissingNode()).isTrue();   // NSMC has no dev split
        assertThat(tasks.at("/question_pair/best_on_dev/test/accuracy").isNumber()).isTrue();

        for (String t : new String[]{"paws", "kornli"}) {
            assertThat(tasks.path(t).path("status").asText()).isEqualTo("no_training_data");
        }
        assertThat(tasks.at("/paws/message").asText()).contains("no training data at " + DATA.resolve("paws")
                + ": paws needs translated_train.tsv").contains("x-final.tar.gz").contains("deberta4j data fetch");
        assertThat(tasks.at("/kornli/message").asText()).contains("multinli.train.ko.tsv").contains("kor-nlu-datasets");

        assertThat(r.out()).contains("| Model | NSMC (acc) | PAWS (acc) | KorNLI (acc) | KorSTS (spearman) | Question Pair (acc) |")
                .contains("| DeBERTa-base (model card) | 91.22 | 85.50 | 82.81 | 84.46 | 95.77 |")
                .contains("| **" + small + " (quick)** | "
                        + String.format(java.util.Locale.ROOT, "%.2f", 100 * tasks.at("/nsmc/score").asDouble()) + " | – | – |")
                .contains("| best-on-test (as in the original recipes) |");
        assertThat(out.resolve("results.md")).hasContent(r.out().strip());
        for (String t : new String[]{"nsmc", "korsts", "question_pair"}) {
            assertThat(out.resolve(t).resolve("metrics.jsonl")).isNotEmptyFile();
            assertThat(out.resolve(t).resolve("training-curves.png")).isNotEmptyFile();
        }

        // the same command again keeps the finished tasks
        CliRun again = run("benchmark", "--quick", "--model", small, "--tasks", "all", "--data-dir", DATA.toString(),
                "--output", out.toString());
        assertThat(again.code()).isZero();
        assertThat(again.err()).contains("nsmc: finished in an earlier session, kept")
                .contains("question_pair: finished in an earlier session, kept").doesNotContain("training rows");
        assertThat(again.out()).isEqualTo(r.out());

        // the kept Question Pair model (best on dev) scored as given reproduces its best-on-dev test score
        CliRun asGiven = run("benchmark", "--quick", "--eval-only", "--model", out.resolve("question_pair").toString(),
                "--tasks", "question_pair", "--data-dir", DATA.toString(), "--output", tmp.resolve("eval").toString());
        assertThat(asGiven.code()).as(asGiven.err()).isZero();
        JsonNode qp = JSON.readTree(tmp.resolve("eval/results.json").toFile()).at("/tasks/question_pair");
        assertThat(qp.path("status").asText()).isEqualTo("evaluated");
        assertThat(qp.path("score").asDouble()).isEqualTo(tasks.at("/question_pair/best_on_dev/test/accuracy").asDouble());
    }

    /** The bundled backbone under a freshly initialised 3-label KorNLI head, as a fine-tuned model directory. */
    private Path kornliModel() {
        Path dir = tmp.resolve("kornli-model");
        DebertaConfig config = ModelDirectory.taskConfig(DebertaConfig.load(BUNDLED), BenchmarkTask.KORNLI.textTask(),
                BenchmarkTask.KORNLI.labels());
        try (TensorSource weights = Checkpoints.open(BUNDLED)) {
            TrainableModel model = TrainableModel.create(config, HeadType.SEQUENCE_CLASSIFICATION,
                    new BackboneWeights(weights), 5);
            ModelDirectory.write(dir, model, BUNDLED);
        }
        return dir;
    }

    @Test
    void evalOnlyScoresAModelOnATaskWithoutTrainingDataAsEvaluateDoes() throws IOException {
        Path model = kornliModel();
        Path out = tmp.resolve("out");
        CliRun r = run("benchmark", "--eval-only", "--model", model.toString(), "--tasks", "kornli",
                "--data-dir", DATA.toString(), "--output", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode kornli = JSON.readTree(out.resolve("results.json").toFile()).at("/tasks/kornli");
        assertThat(kornli.path("status").asText()).isEqualTo("evaluated");
        assertThat(kornli.path("test_examples").asInt()).isEqualTo(300);
        assertThat(kornli.path("dev_examples").asInt()).isEqualTo(300);

        // the koelectra recipe's KorNLI max_seq_len is 128
        CliRun evaluate = run("evaluate", "--model", model.toString(), "--data",
                DATA.resolve("kornli/xnli.test.ko.tsv.gz").toString(), "--text-column", "sentence1",
                "--text-pair-column", "sentence2", "--label-column", "gold_label", "--max-length", "128", "--json");
        assertThat(evaluate.code()).as(evaluate.err()).isZero();
        assertThat(kornli.path("score").asDouble())
                .isEqualTo(JSON.readTree(evaluate.out()).path("accuracy").asDouble());

        // the bundled sentiment model's 2-label head does not fit KorNLI's 3 labels
        CliRun misfit = run("benchmark", "--eval-only", "--model", BUNDLED.toString(), "--tasks", "kornli",
                "--data-dir", DATA.toString(), "--output", tmp.resolve("misfit").toString());
        assertThat(misfit.code()).isEqualTo(1);
        assertThat(misfit.err()).contains("does not fit kornli: expected 3 labels [contradiction, entailment, neutral]");
    }

    @Test
    void badOptionsAreNamed() {
        CliRun r = run("benchmark", "--quick", "--recipe", "kcbert", "--data-dir", DATA.toString(), "--output",
                tmp.resolve("x").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("--quick uses the quick recipe");
        CliRun tasks = run("benchmark", "--tasks", "nsmc,klue", "--data-dir", DATA.toString(), "--output",
                tmp.resolve("y").toString());
        assertThat(tasks.err()).contains("unknown benchmark task \"klue\"");
    }
}
