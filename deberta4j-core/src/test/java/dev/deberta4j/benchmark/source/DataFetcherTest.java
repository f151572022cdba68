package dev.deberta4j.benchmark.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deberta4j.download.DownloadListener;
import dev.deberta4j.download.FileDigests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFetcherTest {

    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @TempDir Path root;
    LoopbackFileServer server;
    TaskDataFolder folder;
    final DataFetcher fetcher = new DataFetcher(3, Duration.ofSeconds(5));

    final byte[] train = content("id\tsentence1\tsentence2\tlabel\n", 2_000);
    final byte[] dev = content("id\tsentence1\tsentence2\tlabel\n", 30);

    @BeforeEach
    void start() throws IOException {
        server = new LoopbackFileServer();
        folder = new TaskDataFolder(root);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A header and {@code rows} numbered TSV rows: large enough for several chunks and a resumed range. */
    static byte[] content(String header, int rows) {
        StringBuilder text = new StringBuilder(header);
        for (int i = 0; i < rows; i++) {
            text.append(i).append("\t문장 ").append(i).append("\tsentence ").append(i * 7).append('\t')
                    .append(i % 2).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static SourceFile file(String name, FileRole role, byte[] content, boolean withSha256, boolean withBlob) {
        return new SourceFile(name, URI.create(DataSources.RAW_GITHUB + "owner/repo/" + COMMIT + "/data/" + name),
                role, 1, false, withSha256 ? Optional.of(sha256(content)) : Optional.empty(),
                withBlob ? Optional.of(FileDigests.gitBlobSha1(content)) : Optional.empty());
    }

    static TaskSource task(SourceFile... files) {
        return new TaskSource("paws", "test task", "owner/repo", COMMIT, "MIT", Optional.empty(), List.of(files));
    }

    FetchOptions viaMirror() {
        return new FetchOptions(Optional.of(new SourceMirror(server.base())), false, false);
    }

    List<FetchedFile> fetch(TaskSource task, FetchOptions options) throws IOException {
        return fetcher.fetch(task, folder, options, DownloadListener.NONE);
    }

    @Test
    void downloadsThroughTheMirrorAndChecksTheSha256() throws IOException {
        SourceFile trainFile = file("translated_train.tsv", FileRole.TRAIN, train, true, false);
        server.serve(trainFile.url(), train);

        List<FetchedFile> fetched = fetch(task(trainFile), viaMirror());

        Path target = root.resolve("paws/translated_train.tsv");
        assertThat(fetched).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo(target);
            assertThat(f.downloaded()).isTrue();
        });
        assertThat(target).hasBinaryContent(train);
        assertThat(root.resolve("paws/translated_train.tsv.part")).doesNotExist();
        assertThat(server.seen()).singleElement()
                .isEqualTo(new LoopbackFileServer.Seen("/raw/owner/repo/" + COMMIT + "/data/translated_train.tsv",
                        null));
    }

    @Test
    void fileWithOnlyAGitBlobIdIsCheckedByIt() throws IOException {
        SourceFile trainFile = file("translated_train.tsv", FileRole.TRAIN, train, false, true);
        server.serve(trainFile.url(), train);

        fetch(task(trainFile), viaMirror());

        assertThat(root.resolve("paws/translated_train.tsv")).hasBinaryContent(train);
    }

    @Test
    void wrongContentIsDeletedAndTheErrorNamesFileExpectedAndFoundDigests() {
        SourceFile trainFile = file("translated_train.tsv", FileRole.TRAIN, train, true, true);
        byte[] corrupt = train.clone();
        corrupt[100] ^= 1;
        server.serve(trainFile.url(), corrupt);

        assertThatThrownBy(() -> fetch(task(trainFile), viaMirror()))
                .isInstanceOfSatisfying(DataFetchException.class, e -> assertThat(e.reason())
                        .isEqualTo(DataFetchException.Reason.CHECKSUM_MISMATCH))
                .hasMessageContaining("paws/translated_train.tsv")
                .hasMessageContaining("sha256 expected " + sha256(train) + ", found " + sha256(corrupt))
                .hasMessageContaining("git blob id expected " + FileDigests.gitBlobSha1(train) + ", found "
                        + FileDigests.gitBlobSha1(corrupt));
        assertThat(root.resolve("paws/translated_train.tsv.part")).doesNotExist();
        assertThat(root.resolve("paws/translated_train.tsv")).doesNotExist();
    }

    @Test
    void aPartialFileIsResumedWithARangeRequest() throws IOException {
        SourceFile trainFile = file("translated_train.tsv", FileRole.TRAIN, train, true, true);
        server.serve(trainFile.url(), train);
        Path part = Files.createDirectories(root.resolve("paws")).resolve("translated_train.tsv.part");
        Files.write(part, Arrays.copyOf(train, 12_345));

        fetch(task(trainFile), viaMirror());

        assertThat(root.resolve("paws/translated_train.tsv")).hasBinaryContent(train);
        assertThat(server.seen()).singleElement().extracting(LoopbackFileServer.Seen::range)
                .isEqualTo("bytes=12345-");
    }

    @Test
    void aServerThatIgnoresRangeMakesTheDownloadStartOver() throws IOException {
        SourceFile trainFile = file("translated_train.tsv", FileRole.TRAIN, train, true, false);
        server.serve(trainFile.url(), train);
        server.ignoreRange();
        Path part = Files.createDirectories(root.resolve("paws")).resolve("translated_train.tsv.part");
        Files.write(part, "stale bytes of some other version".getBytes(StandardCharsets.UTF_8));

        fetch(task(trainFile), viaMirror());

        assertThat(root.resolve("paws/translated_train.tsv")).hasBinaryContent(train);
    }

    @Test
    void aDroppedConnectionIsRetriedFromTheBytesOnDisk() throws IOException {
        SourceFile trainFile = file("translated_train.tsv", FileRole.TRAIN, train, true, false);
        server.serve(trainFile.url(), train);
        server.dropAfter(5_000, 1);

        fetch(task(trainFile), viaMirror());

        assertThat(root.resolve("paws/translated_train.tsv")).hasBinaryContent(train);
        assertThat(server.seen()).hasSize(2);
        assertThat(server.seen().get(1).range()).isEqualTo("bytes=5000-");
    }

    @Test
    void transfersThatKeepDroppingKeepThePartialFileForTheNextRun() throws IOException {
        SourceFile trainFile = file("translated_train.tsv", FileRole.TRAIN, train, true, false);
        server.serve(trainFile.url(), train);
        server.dropAfter(1_000, 3);

        assertThatThrownBy(() -> fetch(task(trainFile), viaMirror()))
                .isInstanceOfSatisfying(DataFetchException.class, e -> assertThat(e.reason())
                        .isEqualTo(DataFetchException.Reason.NETWORK))
                .hasMessageContaining("3 attempts")
                .hasMessageContaining("next run resumes it");
        Path part = root.resolve("paws/translated_train.tsv.part");
        assertThat(Files.size(part)).isEqualTo(3_000);

        fetch(task(trainFile), viaMirror());
        assertThat(root.resolve("paws/translated_train.tsv")).hasBinaryContent(train);
    }

    @Test
    void anUnreachableSourceIsANetworkErrorThatLeavesNoPartialFile() throws IOException {
        SourceFile trainFile = file("translated_train.tsv", FileRole.TRAIN, train, true, false);
        URI closedPort = server.base();
        server.close(); // nothing listens there any more

        assertThatThrownBy(() -> fetch(task(trainFile),
                new FetchOptions(Optional.of(new SourceMirror(closedPort)), false, false)))
                .isInstanceOfSatisfying(DataFetchException.class, e -> assertThat(e.reason())
                        .isEqualTo(DataFetchException.Reason.NETWORK))
                .hasMessageStartingWith("could not download paws/translated_train.tsv from " + closedPort)
                .hasMessageContaining("3 attempts");
        assertThat(root.resolve("paws/translated_train.tsv.part")).doesNotExist();
    }

    @Test
    void filesAlreadyPresentAndVerifiedAreNotDownloaded() throws IOException {
        SourceFile trainFile = file("translated_train.tsv", FileRole.TRAIN, train, true, true);
        SourceFile devFile = file("dev_2k.tsv", FileRole.DEV, dev, true, true);
        Path dir = Files.createDirectories(root.resolve("paws"));
        Files.write(dir.resolve("translated_train.tsv.gz"), gzip(train)); // as the shared data folder keeps it
        Files.write(dir.resolve("dev_2k.tsv"), dev);

        List<FetchedFile> fetched = fetch(task(trainFile, devFile), viaMirror());

        assertThat(fetched).extracting(FetchedFile::downloaded).containsExactly(false, false);
        assertThat(fetched).extracting(FetchedFile::path)
                .containsExactly(dir.resolve("translated_train.tsv.gz"), dir.resolve("dev_2k.tsv"));
        assertThat(server.seen()).isEmpty();
    }

    @Test
    void aMismatchingLocalFileIsAnErrorUnlessForced() throws IOException {
        SourceFile devFile = file("dev_2k.tsv", FileRole.TRAIN, dev, true, false);
        server.serve(devFile.url(), dev);
        Path local = Files.createDirectories(root.resolve("paws")).resolve("dev_2k.tsv");
        Files.writeString(local, "edited by hand\n");

        assertThatThrownBy(() -> fetch(task(devFile), viaMirror()))
                .isInstanceOfSatisfying(DataFetchException.class, e -> assertThat(e.reason())
                        .isEqualTo(DataFetchException.Reason.LOCAL_MISMATCH))
                .hasMessageContaining(local.toString())
                .hasMessageContaining("--force");
        assertThat(server.seen()).isEmpty();

        fetch(task(devFile), new FetchOptions(Optional.of(new SourceMirror(server.base())), true, false));
        assertThat(local).hasBinaryContent(dev);
    }

    @Test
    void aMissingFileIsA404ErrorNamingTheUrl() {
        SourceFile trainFile = file("translated_train.tsv", FileRole.TRAIN, train, true, false);

        assertThatThrownBy(() -> fetch(task(trainFile), viaMirror()))
                .isInstanceOfSatisfying(DataFetchException.class, e -> assertThat(e.reason())
                        .isEqualTo(DataFetchException.Reason.NOT_FOUND))
                .hasMessageContaining("paws/translated_train.tsv not found")
                .hasMessageContaining(server.base() + "owner/repo/" + COMMIT + "/data/translated_train.tsv")
                .hasMessageContaining("404");
        assertThat(server.seen()).hasSize(1); // a 404 is final, not retried
    }

    @Test
    void extraFilesAreFetchedOnlyWhenAskedFor() throws IOException {
        SourceFile trainFile = file("train.txt", FileRole.TRAIN, train, true, false);
        SourceFile extraFile = file("kor_pair_train.csv", FileRole.EXTRA, dev, true, false);
        server.serve(trainFile.url(), train);
        server.serve(extraFile.url(), dev);

        assertThat(fetch(task(trainFile, extraFile), viaMirror())).extracting(f -> f.file().name())
                .containsExactly("train.txt");
        assertThat(fetch(task(trainFile, extraFile),
                new FetchOptions(Optional.of(new SourceMirror(server.base())), false, true)))
                .extracting(f -> f.file().name()).containsExactly("train.txt", "kor_pair_train.csv");
        assertThat(root.resolve("paws/kor_pair_train.csv")).hasBinaryContent(dev);
    }

    @Test
    void progressIsReportedWithTheTotalSize() throws IOException {
        SourceFile trainFile = file("translated_train.tsv", FileRole.TRAIN, train, true, false);
        server.serve(trainFile.url(), train);
        long[] announced = {-2};
        long[] last = {0};
        DownloadListener listener = new DownloadListener() {
            @Override public void started(String file, long totalBytes, long resumedFromBytes) {
                announced[0] = totalBytes;
            }

            @Override public void progressed(String file, long bytesDone) {
                last[0] = bytesDone;
            }
        };

        fetcher.fetch(task(trainFile), folder, viaMirror(), listener);

        assertThat(announced[0]).isEqualTo(train.length);
        assertThat(last[0]).isEqualTo(train.length);
    }

    static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }
}
