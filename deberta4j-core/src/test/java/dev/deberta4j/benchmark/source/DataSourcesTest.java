package dev.deberta4j.benchmark.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class DataSourcesTest {

    final DataSources sources = DataSources.load();

    static DataSources parse(String json) throws IOException {
        return DataSources.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json");
    }

    @Test
    void theManifestListsTheFiveTasksWithOneTrainingFileEach() {
        assertThat(sources.tasks()).extracting(TaskSource::name)
                .containsExactly("nsmc", "paws", "kornli", "korsts", "question_pair");
        assertThat(sources.tasks()).extracting(t -> t.trainFile().name()).containsExactly("ratings_train.txt",
                "translated_train.tsv", "multinli.train.ko.tsv", "sts-train.tsv", "train.txt");
    }

    @Test
    void everyUrlIsARawGithubUrlAtTheFullPinnedCommit() {
        for (TaskSource task : sources.tasks()) {
            for (SourceFile file : task.files()) {
                assertThat(file.url().toString()).as(task.name() + "/" + file.name())
                        .startsWith(DataSources.RAW_GITHUB + task.repository() + "/" + task.commit() + "/")
                        .endsWith("/" + file.name());
                assertThat(task.commit()).matches("[0-9a-f]{40}");
            }
        }
    }

    @Test
    void sourceOfGivesTheUrlOfTheMissingTrainingFiles() {
        assertThat(sources.sourceOf("paws", "translated_train.tsv")).isEqualTo(URI.create(
                "https://raw.githubusercontent.com/monologg/KoELECTRA/024fbdd600e653b6e4bdfc64ceec84181b5ce6c4/"
                        + "finetune/data/paws/translated_train.tsv"));
        assertThat(sources.sourceOf("kornli", "multinli.train.ko.tsv").toString())
                .endsWith("/0df0fe7d496eb61b092e022e238c2230b29f1cbc/KorNLI/multinli.train.ko.tsv");
    }

    @Test
    void theNoTrainingDataMessageNamesTheFileItsSourceAndTheFetchCommand() {
        String message = sources.task("paws").noTrainingDataMessage(Path.of("/data/paws"));

        assertThat(message).startsWith("no training data at /data/paws: paws needs translated_train.tsv")
                .contains("49,401 rows")
                .contains(sources.sourceOf("paws", "translated_train.tsv").toString())
                .contains("storage.googleapis.com/paws/pawsx/x-final.tar.gz")
                .contains("deberta4j data fetch --task paws --to /data");
    }

    @Test
    void anUnknownTaskIsAnErrorListingTheKnownOnes() {
        assertThatThrownBy(() -> sources.task("klue"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown task 'klue': expected one of nsmc, paws, kornli, korsts, question_pair (or all)");
        assertThatThrownBy(() -> sources.sourceOf("paws", "train.tsv"))
                .hasMessageContaining("task 'paws' has no file 'train.tsv'")
                .hasMessageContaining("dev_2k.tsv");
    }

    @Test
    void allSelectsEveryTask() {
        assertThat(sources.select("all")).isEqualTo(sources.tasks());
        assertThat(sources.select("korsts")).extracting(TaskSource::name).containsExactly("korsts");
    }

    @Test
    void extraFilesAreTheOnesTheRecipesDoNotRead() {
        assertThat(sources.task("kornli").files(EnumSet.of(FileRole.EXTRA))).extracting(SourceFile::name)
                .containsExactly("snli_1.0_train.ko.tsv");
        assertThat(sources.task("question_pair").files(EnumSet.of(FileRole.EXTRA))).extracting(SourceFile::name)
                .containsExactly("kor_pair_train.csv", "kor_Pair_test.csv");
    }

    /** The digests in the manifest are the ones of the shared copies (CI has ../shared; a user's clone may not). */
    @Test
    void theSharedDataFilesHaveTheManifestDigests() throws IOException {
        Path shared = Path.of("../../shared/data");
        assumeTrue(Files.isDirectory(shared), "shared data folder " + shared.toAbsolutePath() + " is absent");
        TaskDataFolder folder = new TaskDataFolder(shared);
        int verified = 0;
        for (TaskSource task : sources.tasks()) {
            for (SourceFile file : task.files()) {
                LocalFileStatus status = folder.status(task, file, true);
                assertThat(status.state()).as(task.name() + "/" + file.name())
                        .isIn(LocalFileStatus.State.VERIFIED, LocalFileStatus.State.MISSING);
                if (status.state() == LocalFileStatus.State.VERIFIED) {
                    verified++;
                    assertThat(status.path().orElseThrow().getFileName().toString().endsWith(".gz"))
                            .as(task.name() + "/" + file.name() + " stored gzip-compressed")
                            .isEqualTo(file.gzipInShared());
                }
            }
        }
        assertThat(verified).isEqualTo(14); // all but the three large training files (paws, kornli, snli)
    }

    @Test
    void aBadManifestNamesTaskFileAndField() {
        String task = """
                {"tasks": [{"name": "t", "title": "T", "repository": "o/r", "commit": "%s", "license": "MIT",
                  "files": [{"name": "train.tsv", "path": "train.tsv", "role": "%s", "rows": %s %s}]}]}""";
        String commit = "0123456789abcdef0123456789abcdef01234567";
        String blob = ", \"gitBlobSha1\": \"" + commit + "\"";
        assertThatThrownBy(() -> parse(task.formatted("abc123", "train", "1", blob)))
                .hasMessage("test.json, task 't': field 'commit' should be a 40-digit commit hash, found 'abc123'");
        assertThatThrownBy(() -> parse(task.formatted(commit, "training", "1", blob)))
                .hasMessageStartingWith("test.json, task 't', file 'train.tsv': field 'role' should be one of "
                        + "train, dev, test, extra, found 'training'");
        assertThatThrownBy(() -> parse(task.formatted(commit, "train", "0", blob)))
                .hasMessage("test.json, task 't', file 'train.tsv': field 'rows' should be a positive integer, "
                        + "found 0");
        assertThatThrownBy(() -> parse(task.formatted(commit, "train", "1", "")))
                .hasMessageContaining("file 'train.tsv': needs 'sha256' or 'gitBlobSha1'");
        assertThatThrownBy(() -> parse(task.formatted(commit, "dev", "1", blob)))
                .hasMessage("test.json, task 't': expected exactly one file with role 'train', found 0");
        assertThatThrownBy(() -> parse("{\"task\": []}"))
                .hasMessage("test.json: expected an object with a 'tasks' array");
    }
}
