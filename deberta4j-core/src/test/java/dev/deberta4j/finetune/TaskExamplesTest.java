package dev.deberta4j.finetune;

import dev.deberta4j.data.DataFiles;
import dev.deberta4j.data.DataTable;
import dev.deberta4j.tokenizer.Encoding;
import dev.deberta4j.tokenizer.Tokenizer;
import dev.deberta4j.train.Batch;
import dev.deberta4j.train.Labels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskExamplesTest {
    private static final Tokenizer TOKENIZER = Tokenizer.load(FineTuningTest.tokenizerDir());
    @TempDir Path dir;

    @Test
    void pairsAreEncodedAsTheTokenizerEncodesThemAndTruncatedToTheMaximum() throws IOException {
        DataTable t = table("p.jsonl", """
                {"a": "오늘 날씨가 정말 좋네요", "b": "비가 온다", "y": "yes"}
                {"a": "짧다", "b": "아주 아주 아주 아주 아주 아주 아주 아주 긴 두번째 문장입니다", "y": "no"}
                """);
        TaskExamples ex = TaskExamples.encode(t, TextTask.PAIR, new TaskColumns("a", "b", "y"),
                new LabelSet(List.of("no", "yes")), TOKENIZER, 12);
        Encoding full = TOKENIZER.encode("오늘 날씨가 정말 좋네요", "비가 온다");
        assertThat(full.length()).isLessThanOrEqualTo(12);
        assertThat(ex.ids(0)).containsExactly(full.ids());
        assertThat(ex.ids(1)).hasSize(12);
        Batch b = ex.batch(new int[]{1, 0});
        assertThat(b.input().seqLen()).isEqualTo(12);
        assertThat(b.input().tokenTypeIds()).contains(1);
        assertThat(((Labels.Classes) b.labels()).ids()).containsExactly(0, 1);
    }

    @Test
    void labelsMayBeNamesOrIdsAndUnknownOnesNameTheLine() throws IOException {
        DataTable t = table("l.tsv", "text\tlabel\n좋다\t1\n싫다\tnegative\n몰라\t2\n");
        LabelSet labels = new LabelSet(List.of("negative", "positive"));
        assertThatThrownBy(() -> TaskExamples.encode(t, TextTask.SINGLE, new TaskColumns("text", null, "label"),
                labels, TOKENIZER, 16))
                .hasMessageContaining("l.tsv line 4").hasMessageContaining("label \"2\" is not one of [negative, positive]");
        assertThat(LabelSet.fromValues(List.of("10", "2", "1", "2")).names()).containsExactly("1", "2", "10");
    }

    @Test
    void regressionTargetsMustBeNumbers() throws IOException {
        DataTable ok = table("r.csv", "s1,s2,score\n가,나,4.5\n다,라,0\n");
        TaskExamples ex = TaskExamples.encode(ok, TextTask.REGRESSION, new TaskColumns("s1", "s2", "score"), null, TOKENIZER, 16);
        assertThat(((Labels.Regression) ex.batch(new int[]{0, 1}).labels()).targets()).containsExactly(4.5f, 0f);
        DataTable bad = table("b.csv", "s1,s2,score\n가,나,high\n");
        assertThatThrownBy(() -> TaskExamples.encode(bad, TextTask.REGRESSION, new TaskColumns("s1", "s2", "score"), null, TOKENIZER, 16))
                .hasMessageContaining("b.csv line 2").hasMessageContaining("\"high\"");
    }

    @Test
    void tokenTagsGoToTheFirstSubTokenOfEachWord() throws IOException {
        DataTable t = table("t.jsonl", "{\"words\": [\"서울에서\", \"만나요\"], \"tags\": [\"B-LOC\", \"O\"]}\n");
        LabelSet labels = new LabelSet(List.of("O", "B-LOC"));
        TaskExamples ex = TaskExamples.encode(t, TextTask.TOKEN, new TaskColumns("words", null, "tags"), labels, TOKENIZER, 32);
        Encoding e = TOKENIZER.encode("서울에서 만나요");
        int[] tags = ex.goldTags(0);
        assertThat(tags).hasSize(e.length());
        int previousWord = -1;
        for (int i = 0; i < e.length(); i++) {
            int w = e.wordIds()[i];
            int expected = w < 0 || w == previousWord ? -100 : (w == 0 ? 1 : 0);
            assertThat(tags[i]).as("token %d (%s)", i, e.tokens()[i]).isEqualTo(expected);
            previousWord = w;
        }
        DataTable mixed = table("x.tsv", "words\ttags\na b\tO B-LOC\nc\t[\"B-LOC\"]\n");
        assertThat(TaskExamples.tags(mixed, "tags")).containsExactly("O", "B-LOC", "B-LOC");
        DataTable mismatched = table("m.tsv", "words\ttags\na b\tO\n");
        assertThatThrownBy(() -> TaskExamples.encode(mismatched, TextTask.TOKEN, new TaskColumns("words", null, "tags"),
                labels, TOKENIZER, 32)).hasMessageContaining("line 2: 2 words but 1 tags");
    }

    private DataTable table(String name, String content) throws IOException {
        return DataFiles.read(Files.writeString(dir.resolve(name), content));
    }
}
