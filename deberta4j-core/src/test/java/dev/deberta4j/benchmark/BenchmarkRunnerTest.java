package dev.deberta4j.benchmark;

import dev.deberta4j.finetune.FineTuneListener;
import dev.deberta4j.finetune.FineTuning;
import dev.deberta4j.finetune.FineTuningTest;
import dev.deberta4j.finetune.MetricsLog;
import dev.deberta4j.train.StepResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runner on a tiny backbone and tiny Question Pair / KorSTS files: what it writes, tasks without training
 * data, a rerun that keeps finished tasks, an interrupted task that resumes to the uninterrupted result, settings
 * that differ, and evaluation of a kept model as given.
 */
class BenchmarkRunnerTest {
    private static final RecipeBook RECIPES = RecipeBook.parse("test-recipes.json", """
            {"common": {"warmup_proportion": 0, "weight_decay": 0, "adam_epsilon": 1e-8, "max_grad_norm": 1,
                        "seed": 42},
             "recipes": {"tiny": {"defaults": {"max_seq_len": 32, "train_batch_size": 4, "eval_batch_size": 8,
                                               "learning_rate": 1e-3, "num_train_epochs": 2, "save_steps": 2},
                                  "tasks": {"paws": {}, "korsts": {}, "question_pair": {}}}}}
            """);
    @TempDir Path dir;
    private Path model;
    private Path data;

    @BeforeEach
    void setUp() throws IOException {
        model = FineTuningTest.backbone(dir);
        data = dir.resolve("data");
        Files.createDirectories(data.resolve("question_pair"));
        Files.createDirectories(data.resolve("korsts"));
        Files.createDirectories(data.resolve("paws"));
        String[][] pairs = {{"영화 추천해 줘", "영화 좀 추천해 줘", "0"}, {"밥 먹었어?", "내일 비 와?", "1"},
                {"오늘 날씨 어때", "오늘 날씨 알려줘", "0"}, {"책 읽고 싶다", "기차 시간 알려줘", "1"},
                {"노래 틀어 줘", "음악 틀어 줘", "0"}, {"집에 가고 싶다", "커피 마실래?", "1"}};
        StringBuilder qp = new StringBuilder("question1\tquestion2\tis_duplicate\n");
        StringBuilder sts = new StringBuilder("genre\tfilename\tyear\tid\tscore\tsentence1\tsentence2\n");
        for (int i = 0; i < 18; i++) {
            String[] p = pairs[i % pairs.length];
            qp.append(p[0]).append(i % 4 == 0 ? "?" : "").append('\t').append(p[1]).append('\t').append(p[2]).append('\n');
            sts.append("g\tf\ty\t").append(i).append('\t').append(p[2].equals("0") ? 4.0 + (i % 3) / 3.0 : 0.5 + i % 2)
                    .append('\t').append(p[0]).append('\t').append(p[1]).append('\n');
        }
        Files.writeString(data.resolve("question_pair/train.txt"), qp + "\t빈 질문\t1\n");   // skipped: empty question1
        Files.writeString(data.resolve("question_pair/validation.txt"), qp.toString());
        Files.writeString(data.resolve("question_pair/test.txt"), qp.toString());
        Files.writeString(data.resolve("korsts/sts-train.tsv"), sts.toString());
        Files.writeString(data.resolve("korsts/sts-dev.tsv"), sts.toString());
        Files.writeString(data.resolve("korsts/sts-test.tsv"), sts.toString());
        Files.writeString(data.resolve("paws/test_2k.tsv"), "id\tsentence1\tsentence2\tlabel\n1\t가\t나\t1\n");
    }

    private BenchmarkRunner runner(Path output, RecipeOverrides overrides, boolean evalOnly, Path modelDir) {
        return new BenchmarkRunner(modelDir, "tiny", new BenchmarkData(data), output, RECIPES, "tiny", overrides,
                evalOnly);
    }

    private BenchmarkResults run(Path output, List<BenchmarkTask> tasks, Events events) {
        return runner(output, RecipeOverrides.none(), false, model).run(tasks, events);
    }

    /** Records what the runner reported; optionally stops training at a step, as a killed process would. */
    private static final class Events implements BenchmarkListener {
        final List<String> seen = new ArrayList<>();
        final long stopAt;

        Events(long stopAt) {
            this.stopAt = stopAt;
        }

        @Override
        public void reused(BenchmarkTask task, TaskResult result) {
            seen.add("reused " + task.cliName());
        }

        @Override
        public FineTuneListener trainingStarted(BenchmarkTask task, Recipe recipe, TaskData d, boolean resumed,
                                                Path taskDir, MetricsLog log) {
            seen.add((resumed ? "resumed " : "trained ") + task.cliName());
            return new FineTuneListener() {
                @Override
                public void stepped(StepResult s) {
                    if (s.step() == stopAt) throw new IllegalStateException("killed at step " + s.step());
                }
            };
        }

        @Override
        public void trainingEnded(BenchmarkTask task, Path taskDir, MetricsLog log) {
            seen.add("ended " + task.cliName());
        }
    }

    @Test
    void fineTunesEachTaskScoresDevAndTestAndReportsMissingTrainingData() throws IOException {
        Path out = dir.resolve("out");
        Events events = new Events(-1);
        BenchmarkResults r = run(out, List.of(BenchmarkTask.PAWS, BenchmarkTask.QUESTION_PAIR, BenchmarkTask.KORSTS),
                events);
        assertThat(events.seen).containsExactly("trained question_pair", "ended question_pair", "trained korsts",
                "ended korsts");

        TaskResult paws = r.task(BenchmarkTask.PAWS);
        assertThat(paws.status()).isEqualTo(TaskStatus.NO_TRAINING_DATA);
        assertThat(paws.message()).contains("no training data at " + data.resolve("paws") + ": paws needs translated_train.tsv")
                .contains("x-final.tar.gz");

        TaskResult qp = r.task(BenchmarkTask.QUESTION_PAIR);
        assertThat(qp.status()).isEqualTo(TaskStatus.TRAINED);
        assertThat(qp).extracting(TaskResult::trainExamples, TaskResult::droppedTrainExamples,
                TaskResult::devExamples, TaskResult::testExamples).containsExactly(18, 1, 18, 18);
        // 18 rows / batch 4 = 5 steps per epoch, 2 epochs; evaluated at steps 2, 4, ..., 10
        assertThat(qp.last().step()).isEqualTo(10);
        assertThat(qp.score()).isEqualTo(qp.last().testScore("accuracy"));
        // dev and test hold the same rows here, so the best on dev is also a best on test
        assertThat(qp.bestOnDev().testScore("accuracy")).isEqualTo(qp.bestOnTest().testScore("accuracy"));
        List<String> evals = new MetricsLog(out.resolve("question_pair").resolve(FineTuning.METRICS_FILE)).read()
                .stream().filter(n -> n.path("type").asText().equals("eval"))
                .map(n -> n.path("split").asText() + "@" + n.path("step").asLong()).toList();
        assertThat(evals).containsExactly("dev@2", "test@2", "dev@4", "test@4", "dev@6", "test@6", "dev@8", "test@8",
                "dev@10", "test@10");
        assertThat(out.resolve("question_pair/model.safetensors")).exists();
        assertThat(out.resolve("question_pair").resolve(BenchmarkRunner.SETTINGS_FILE)).exists();

        TaskResult sts = r.task(BenchmarkTask.KORSTS);
        assertThat(sts.metric()).isEqualTo("spearman");
        assertThat(sts.last().test()).containsKeys("pearson", "spearman");
        assertThat(BenchmarkResults.read(out.resolve(BenchmarkResults.FILE))).isEqualTo(r);
    }

    @Test
    void aRerunKeepsFinishedTasksAndContinuesAnInterruptedOneToTheUninterruptedResult() throws IOException {
        Path whole = dir.resolve("whole");
        BenchmarkResults uninterrupted = run(whole, List.of(BenchmarkTask.QUESTION_PAIR, BenchmarkTask.KORSTS),
                new Events(-1));

        Path out = dir.resolve("out");
        run(out, List.of(BenchmarkTask.QUESTION_PAIR), new Events(-1));   // stopped after task 1
        byte[] qpLog = Files.readAllBytes(out.resolve("question_pair").resolve(FineTuning.METRICS_FILE));
        Events killed = new Events(7);   // KorSTS stops at step 7; its last checkpoint is step 6
        BenchmarkResults partial = run(out, List.of(BenchmarkTask.QUESTION_PAIR, BenchmarkTask.KORSTS), killed);
        assertThat(killed.seen).containsExactly("reused question_pair", "trained korsts", "ended korsts");
        assertThat(partial.task(BenchmarkTask.KORSTS).status()).isEqualTo(TaskStatus.FAILED);
        assertThat(partial.task(BenchmarkTask.KORSTS).message()).contains("killed at step 7");

        Events resumed = new Events(-1);
        BenchmarkResults done = run(out, List.of(BenchmarkTask.QUESTION_PAIR, BenchmarkTask.KORSTS), resumed);
        assertThat(resumed.seen).containsExactly("reused question_pair", "resumed korsts", "ended korsts");
        assertThat(Files.readAllBytes(out.resolve("question_pair").resolve(FineTuning.METRICS_FILE))).isEqualTo(qpLog);
        for (BenchmarkTask t : List.of(BenchmarkTask.QUESTION_PAIR, BenchmarkTask.KORSTS)) {
            assertThat(done.task(t).last()).isEqualTo(uninterrupted.task(t).last());
            assertThat(done.task(t).bestOnDev()).isEqualTo(uninterrupted.task(t).bestOnDev());
            assertThat(done.task(t).bestOnTest()).isEqualTo(uninterrupted.task(t).bestOnTest());
        }
        assertThat(Files.readAllLines(out.resolve("korsts").resolve(FineTuning.METRICS_FILE)))
                .isEqualTo(Files.readAllLines(whole.resolve("korsts").resolve(FineTuning.METRICS_FILE)));
    }

    @Test
    void otherSettingsInTheSameOutputAreAnErrorNotAMixedRun() {
        Path out = dir.resolve("out");
        run(out, List.of(BenchmarkTask.QUESTION_PAIR), new Events(-1));
        RecipeOverrides threeEpochs = new RecipeOverrides(null, null, null, null, 3, null, null, null, null);
        BenchmarkResults r = runner(out, threeEpochs, false, model).run(List.of(BenchmarkTask.QUESTION_PAIR),
                new Events(-1));
        TaskResult qp = r.task(BenchmarkTask.QUESTION_PAIR);
        assertThat(qp.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(qp.message()).contains(out.resolve("question_pair").toString())
                .contains("holds a run with other settings").contains("\"num_train_epochs\":3");

        // tasks of an earlier run join the table only under the settings they ran with
        Path two = dir.resolve("two");
        run(two, List.of(BenchmarkTask.QUESTION_PAIR), new Events(-1));
        assertThat(run(two, List.of(BenchmarkTask.KORSTS), new Events(-1)).tasks().keySet())
                .containsExactly("korsts", "question_pair");
        assertThat(runner(two, threeEpochs, false, model).run(List.of(BenchmarkTask.KORSTS), new Events(-1))
                .tasks().keySet()).containsExactly("korsts");
    }

    @Test
    void evalOnlyScoresAKeptModelAsGivenAndRejectsAHeadThatDoesNotFit() {
        Path out = dir.resolve("out");
        TaskResult trained = run(out, List.of(BenchmarkTask.QUESTION_PAIR), new Events(-1))
                .task(BenchmarkTask.QUESTION_PAIR);
        // the task directory keeps the checkpoint that was best on dev
        BenchmarkResults asGiven = runner(dir.resolve("eval"), RecipeOverrides.none(), true,
                out.resolve("question_pair")).run(List.of(BenchmarkTask.QUESTION_PAIR, BenchmarkTask.KORSTS,
                BenchmarkTask.PAWS), new Events(-1));
        TaskResult qp = asGiven.task(BenchmarkTask.QUESTION_PAIR);
        assertThat(qp.status()).isEqualTo(TaskStatus.EVALUATED);
        assertThat(qp.trainExamples()).isNull();
        assertThat(qp.last().test()).isEqualTo(trained.bestOnDev().test());
        assertThat(qp.last().dev()).isEqualTo(trained.bestOnDev().dev());
        assertThat(qp.score()).isEqualTo(trained.bestOnDev().testScore("accuracy"));
        // PAWS has no training file but can be scored as given; its dev file is missing here
        assertThat(asGiven.task(BenchmarkTask.PAWS).message()).contains("paws: no dev data");
        TaskResult sts = asGiven.task(BenchmarkTask.KORSTS);
        assertThat(sts.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(sts.message()).contains("does not fit korsts").contains("expected a regression head")
                .contains("found 2 labels [same, different]");
    }
}
