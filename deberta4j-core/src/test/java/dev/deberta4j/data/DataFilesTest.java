package dev.deberta4j.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataFilesTest {
    @TempDir Path dir;

    @Test
    void tsvSplitsOnTabsKeepingQuotesAsTheRecipesDo() throws IOException {
        // An NSMC line with pandas quoting: the recipes split on tabs and keep the quotes.
        Path f = write("d.tsv", "id\tdocument\tlabel\n1\t\"\"\"좋다\"\"\"\t1\r\n2\t\t0\n\n");
        DataTable t = DataFiles.read(f);
        assertThat(t.columns()).containsExactly("id", "document", "label");
        assertThat(t.column("document")).containsExactly("\"\"\"좋다\"\"\"", "");
        assertThat(t.column("label")).containsExactly("1", "0");
        assertThat(t.lines()).containsExactly(2, 3);
        assertThat(t.head(1).column("label")).containsExactly("1");
        assertThat(t.head(1).lines()).containsExactly(2);
        assertThat(t.head(5)).isSameAs(t);
    }

    @Test
    void csvHonoursQuotesCommasLineBreaksCrlfAndBom() throws IOException {
        Path f = write("d.csv", "\uFEFFtext,label\r\n\"a, \"\"quoted\"\"\nline\",1\r\nplain,0\r\n");
        DataTable t = DataFiles.read(f);
        assertThat(t.columns()).containsExactly("text", "label");
        assertThat(t.column("text")).containsExactly("a, \"quoted\"\nline", "plain");
        assertThat(t.lines()).containsExactly(2, 4);
    }

    @Test
    void jsonlReadsObjectsAndGzipIsLookedThrough() throws IOException {
        Path f = dir.resolve("d.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write("{\"text\": \"가\", \"label\": 1}\n\n{\"text\": \"나\", \"label\": \"neg\", \"tags\": [\"O\"]}\n"
                    .getBytes(StandardCharsets.UTF_8));
        }
        DataTable t = DataFiles.read(f);
        assertThat(t.column("text")).containsExactly("가", "나");
        assertThat(t.column("label")).containsExactly("1", "neg");
        assertThat(t.rows().get(1).get("tags")).isEqualTo("[\"O\"]");
        assertThat(t.lines()).containsExactly(1, 3);
    }

    @Test
    void errorsNameTheFileLineAndWhatWasExpected() throws IOException {
        Path tsv = write("d.tsv", "a\tb\n1\t2\n");
        assertThatThrownBy(() -> DataFiles.read(tsv).column("label"))
                .hasMessageContaining("d.tsv").hasMessageContaining("no column \"label\"").hasMessageContaining("[a, b]");
        Path wide = write("w.tsv", "a\tb\n1\t2\t3\n");
        assertThatThrownBy(() -> DataFiles.read(wide)).hasMessageContaining("line 2: expected 2 fields");
        Path short_ = write("s.tsv", "a\tb\n1\n");
        assertThatThrownBy(() -> DataFiles.read(short_).column("b")).hasMessageContaining("line 2: no value for column \"b\"");
        Path badJson = write("d.jsonl", "{\"a\": 1}\n{oops\n");
        assertThatThrownBy(() -> DataFiles.read(badJson)).hasMessageContaining("line 2: not valid JSON");
        Path open = write("q.csv", "a\n\"never closed\n");
        assertThatThrownBy(() -> DataFiles.read(open)).hasMessageContaining("line 2: a quoted field is never closed");
        assertThatThrownBy(() -> DataFormat.of(Path.of("data.parquet"))).hasMessageContaining("data.parquet");
    }

    @Test
    void formatFollowsTheNameThroughGz() {
        assertThat(List.of(DataFormat.of(Path.of("x.txt.gz")), DataFormat.of(Path.of("x.CSV")), DataFormat.of(Path.of("x.jsonl"))))
                .containsExactly(DataFormat.TSV, DataFormat.CSV, DataFormat.JSONL);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }
}
