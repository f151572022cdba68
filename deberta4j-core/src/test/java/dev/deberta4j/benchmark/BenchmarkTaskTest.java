package dev.deberta4j.benchmark;

import dev.deberta4j.benchmark.source.DataSources;
import dev.deberta4j.benchmark.source.FileRole;
import dev.deberta4j.benchmark.source.SourceFile;
import dev.deberta4j.benchmark.source.TaskSource;
import dev.deberta4j.finetune.TextTask;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchmarkTaskTest {

    @Test
    void tasksListInTheModelCardsOrder() {
        assertThat(BenchmarkTask.parseList("all")).containsExactly(BenchmarkTask.values());
        assertThat(BenchmarkTask.parseList("korsts, nsmc,korsts")).containsExactly(BenchmarkTask.KORSTS, BenchmarkTask.NSMC);
        assertThat(BenchmarkTask.values()).extracting(BenchmarkTask::columnTitle).containsExactly("NSMC (acc)",
                "PAWS (acc)", "KorNLI (acc)", "KorSTS (spearman)", "Question Pair (acc)");
        assertThatThrownBy(() -> BenchmarkTask.parseList("nsmc,klue")).hasMessageContaining("\"klue\"")
                .hasMessageContaining("question_pair");
    }

    @Test
    void labelOrdersAndMetricsAreTheRecipes() {
        assertThat(BenchmarkTask.KORNLI.labels().names()).containsExactly("contradiction", "entailment", "neutral");
        // songys: 0 = the same question
        assertThat(BenchmarkTask.QUESTION_PAIR.labels().id("0", "x")).isZero();
        assertThat(BenchmarkTask.QUESTION_PAIR.labels().name(0)).isEqualTo("same");
        assertThat(BenchmarkTask.KORSTS.textTask()).isEqualTo(TextTask.REGRESSION);
        assertThat(BenchmarkTask.KORSTS.metric()).isEqualTo("spearman");
        assertThat(BenchmarkTask.NSMC.devFile()).isNull();
        assertThat(BenchmarkTask.PAWS.dropsEmptySentences()).isTrue();
        assertThat(BenchmarkTask.KORNLI.dropsEmptySentences()).isFalse();
    }

    @Test
    void everyTaskReadsTheFilesTheDataManifestFetches() {
        DataSources sources = DataSources.load();
        for (BenchmarkTask task : BenchmarkTask.values()) {
            TaskSource source = sources.task(task.cliName());
            assertThat(source.trainFile().name()).as(task + " train").isEqualTo(task.trainFile());
            assertThat(names(source, FileRole.TEST)).as(task + " test").containsExactly(task.testFile());
            assertThat(names(source, FileRole.DEV)).as(task + " dev")
                    .isEqualTo(task.devFile() == null ? java.util.List.of() : java.util.List.of(task.devFile()));
        }
    }

    private static java.util.List<String> names(TaskSource source, FileRole role) {
        return source.files(java.util.Set.of(role)).stream().map(SourceFile::name).toList();
    }
}
