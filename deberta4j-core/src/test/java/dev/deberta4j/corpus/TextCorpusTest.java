package dev.deberta4j.corpus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextCorpusTest {
    @TempDir
    Path dir;

    private List<String> documents(TextCorpus corpus) {
        List<String> out = new ArrayList<>();
        corpus.forEachDocument((file, line, text) -> out.add(file.getFileName() + ":" + line + ":" + text));
        return out;
    }

    private Path gz(Path file, String text) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    @Test
    void readsFilesDirectoriesAndGzipInOrderSkippingBlankLinesAndHiddenFiles() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("d"));
        Files.writeString(sub.resolve("b.txt"), "둘\r\n\n  \n셋");
        gz(sub.resolve("a.txt.gz"), "\uFEFF하나\n");
        Files.writeString(sub.resolve(".hidden"), "never");
        Path single = Files.writeString(dir.resolve("z.txt"), "넷\n");

        TextCorpus corpus = TextCorpus.of(List.of(single, sub));

        assertThat(corpus.files()).containsExactly(single, sub.resolve("a.txt.gz"), sub.resolve("b.txt"));
        assertThat(documents(corpus)).containsExactly("z.txt:1:넷", "a.txt.gz:1:하나", "b.txt:1:둘", "b.txt:4:셋");
    }

    @Test
    void progressCountsStoredBytesUpToTheSizeOnDisk() throws IOException {
        gz(dir.resolve("a.gz"), "가나다\n".repeat(10_000));
        Files.writeString(dir.resolve("b.txt"), "라마\n".repeat(1000));
        TextCorpus corpus = TextCorpus.of(List.of(dir));
        long[] last = {-1};
        corpus.forEachDocument((f, l, t) -> { }, bytes -> {
            assertThat(bytes).isGreaterThanOrEqualTo(last[0]);
            last[0] = bytes;
        });
        assertThat(last[0]).isEqualTo(corpus.sizeOnDisk());
    }

    @Test
    void invalidUtf8IsAnErrorNamingFileAndLine() throws IOException {
        Path bad = dir.resolve("bad.txt");
        Files.write(bad, new byte[]{'o', 'k', '\n', (byte) 0xC3, '(', '\n'});
        assertThatThrownBy(() -> documents(TextCorpus.of(List.of(bad))))
                .isInstanceOf(CorpusException.class)
                .hasMessage(bad + ": line 2: invalid UTF-8");
    }

    @Test
    void missingInputsAndEmptyDirectoriesAreErrors() throws IOException {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> TextCorpus.of(List.of(missing))).hasMessage(missing + ": no such file or directory");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> TextCorpus.of(List.of(empty))).hasMessage(empty + ": the directory holds no text file");
        assertThatThrownBy(() -> TextCorpus.of(List.of())).hasMessage("no corpus input given");
    }

    @Test
    void digestChangesWithContentAndOrderButNotLocation() throws IOException {
        Path a = Files.writeString(Files.createDirectories(dir.resolve("one")).resolve("a.txt"), "가\n");
        Path b = Files.writeString(dir.resolve("one").resolve("b.txt"), "나\n");
        Path a2 = Files.writeString(Files.createDirectories(dir.resolve("two")).resolve("a.txt"), "가\n");
        String ab = TextCorpus.of(List.of(a, b)).contentDigest();
        assertThat(TextCorpus.of(List.of(a2, b)).contentDigest()).isEqualTo(ab);
        assertThat(TextCorpus.of(List.of(b, a)).contentDigest()).isNotEqualTo(ab);
        Files.writeString(b, "다\n");
        assertThat(TextCorpus.of(List.of(a, b)).contentDigest()).isNotEqualTo(ab);
    }
}
