package dev.deberta4j.benchmark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The canonical files' quirks: gzip copies, CRLF and BOM, the rows PAWS and Question Pair skip, row limits. */
class BenchmarkDataTest {
    @TempDir Path dir;

    private void write(String task, String file, String text) throws IOException {
        Path f = dir.resolve(task).resolve(file);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }

    private void writeGz(String task, String file, String text) throws IOException {
        Path f = dir.resolve(task).resolve(file + ".gz");
        Files.createDirectories(f.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void pawsSkipsTrainingRowsWithAnEmptySentenceButKeepsThePlaceholderNS() throws IOException {
        write("paws", "translated_train.tsv", "id\tsentence1\tsentence2\tlabel\n1\t가\t나\t1\n2\t\t나\t0\n3\t가\t\t0\n"
                + "4\tNS\t다\t1\n5\t라\t마\t0\n");
        write("paws", "dev_2k.tsv", "id\tsentence1\tsentence2\tlabel\n1\t\t나\t1\n");
        writeGz("paws", "test_2k.tsv", "id\tsentence1\tsentence2\tlabel\n1\t가\t나\t1\n2\t다\t라\t0\n3\t마\t바\t0\n");
        TaskData d = new BenchmarkData(dir).read(BenchmarkTask.PAWS, 2, 2);
        assertThat(d.droppedTrain()).isEqualTo(2);
        assertThat(d.train().column("id")).containsExactly("1", "4");   // limit after the skips
        assertThat(d.train().lines()).containsExactly(2, 5);
        assertThat(d.dev().size()).isEqualTo(1);   // the skip applies to training only, as in the recipes
        assertThat(d.test().column("id")).containsExactly("1", "2");
    }

    @Test
    void crlfLinesBomAndAMissingFinalNewlineReadAsTheRecipesSplitThem() throws IOException {
        write("korsts", "sts-train.tsv", "\uFEFFgenre\tfilename\tyear\tid\tscore\tsentence1\tsentence2\r\n"
                + "g\tf\t2012\t0001\t5.000\t한 남자가 춤을 춘다.\t남자가 춤춘다.\r\n");
        write("korsts", "sts-dev.tsv", "genre\tfilename\tyear\tid\tscore\tsentence1\tsentence2\ng\tf\ty\t1\t0.5\ta\tb");
        write("korsts", "sts-test.tsv", "genre\tfilename\tyear\tid\tscore\tsentence1\tsentence2\ng\tf\ty\t1\t2\ta\tb");
        TaskData d = new BenchmarkData(dir).read(BenchmarkTask.KORSTS, null, null);
        assertThat(d.train().column("genre")).containsExactly("g");
        assertThat(d.train().column("sentence2")).containsExactly("남자가 춤춘다.");
        assertThat(d.dev().column("sentence2")).containsExactly("b");
    }

    @Test
    void anAbsentTrainingFileIsNoErrorButAnAbsentTestFileIs() throws IOException {
        write("kornli", "xnli.dev.ko.tsv", "sentence1\tsentence2\tgold_label\n가\t나\tneutral\n");
        BenchmarkData data = new BenchmarkData(dir);
        assertThatThrownBy(() -> data.read(BenchmarkTask.KORNLI, null, null))
                .hasMessageContaining("kornli: no test data")
                .hasMessageContaining(dir.resolve("kornli/xnli.test.ko.tsv").toString());
        write("kornli", "xnli.test.ko.tsv", "sentence1\tsentence2\tgold_label\n가\t나\tentailment\n");
        TaskData d = data.read(BenchmarkTask.KORNLI, null, null);
        assertThat(d.hasTrainingData()).isFalse();
        assertThat(d.trainPath()).isEqualTo(dir.resolve("kornli/multinli.train.ko.tsv"));
        assertThat(BenchmarkData.locate(d.trainPath())).isNull();
    }
}
