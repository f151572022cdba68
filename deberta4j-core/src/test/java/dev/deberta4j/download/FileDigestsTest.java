package dev.deberta4j.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDigestsTest {

    // What `printf 'hello\n' | git hash-object --stdin` and `printf 'hello\n' | sha256sum` print.
    static final String HELLO_BLOB = "ce013625030ba8dba906f756967f9e9ca394464a";
    static final String HELLO_SHA256 = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";
    static final byte[] HELLO = "hello\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir Path dir;

    @Test
    void gitBlobIdAndSha256MatchGit() throws IOException {
        Path file = Files.write(dir.resolve("hello.txt"), HELLO);

        assertThat(FileDigests.of(file)).isEqualTo(new FileDigests(6, HELLO_SHA256, HELLO_BLOB));
        assertThat(FileDigests.sha256(file)).isEqualTo(HELLO_SHA256);
        assertThat(FileDigests.gitBlobSha1(HELLO)).isEqualTo(HELLO_BLOB);
    }

    @Test
    void gzipContentHasTheDigestsOfTheUncompressedBytes() throws IOException {
        Path gz = dir.resolve("hello.txt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(HELLO);
        }

        assertThat(FileDigests.ofGzipContent(gz)).isEqualTo(new FileDigests(6, HELLO_SHA256, HELLO_BLOB));
    }
}
