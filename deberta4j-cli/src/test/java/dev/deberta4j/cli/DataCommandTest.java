package dev.deberta4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.deberta4j.benchmark.source.DataSources;
import dev.deberta4j.download.FileDigests;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DataCommandTest {

    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    static final byte[] TRAIN = "id\tsentence1\tsentence2\tlabel\n1\t가\t나\t0\n2\t다\t라\t1\n"
            .getBytes(StandardCharsets.UTF_8);
    static final byte[] DEV = "id\tsentence1\tsentence2\tlabel\n3\t마\t바\t1\n".getBytes(StandardCharsets.UTF_8);

    @TempDir Path dir;
    HttpServer server;
    DataSources sources;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    /** A one-task manifest whose train file the loopback server holds and whose dev file it does not. */
    @BeforeEach
    void start() throws IOException {
        String json = """
                {"tasks": [{"name": "paws", "title": "PAWS test", "repository": "owner/repo", "commit": "%s",
                  "license": "MIT", "files": [
                    {"name": "translated_train.tsv", "path": "data/translated_train.tsv", "role": "train",
                     "rows": 2, "gitBlobSha1": "%s"},
                    {"name": "dev_2k.tsv", "path": "data/dev_2k.tsv", "role": "dev", "rows": 1,
                     "sha256": "%s", "gitBlobSha1": "%s"}]}]}"""
                .formatted(COMMIT, FileDigests.gitBlobSha1(TRAIN), sha256(DEV), FileDigests.gitBlobSha1(DEV));
        sources = DataSources.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json");
        Map<String, byte[]> files = Map.of("/gh/owner/repo/" + COMMIT + "/data/translated_train.tsv", TRAIN);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            try (ex) {
                byte[] body = files.get(ex.getRequestURI().getPath());
                ex.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
                if (body != null) {
                    ex.getResponseBody().write(body);
                }
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    String mirror() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/gh";
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code deberta4j data ARGS} on the test's manifest. */
    int data(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "data";
        System.arraycopy(args, 0, all, 1, args.length);
        return run(Main.commandLine(CliRun.factory(new DataFetchCommand(sources), new DataListCommand(sources))), all);
    }

    int run(CommandLine cli, String... args) {
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void fetchDownloadsVerifiesAndThenSkipsTheFile() throws IOException {
        Files.createDirectories(dir.resolve("paws"));
        Files.write(dir.resolve("paws/dev_2k.tsv"), DEV); // present: the server does not even hold it

        int status = data("fetch", "--task", "paws", "--to", dir.toString(),
                "--mirror", mirror());

        assertThat(status).as(err.toString()).isZero();
        assertThat(dir.resolve("paws/translated_train.tsv")).hasBinaryContent(TRAIN);
        assertThat(out.toString()).contains("paws/translated_train.tsv: downloaded, git blob id verified: "
                + dir.resolve("paws/translated_train.tsv"));
        assertThat(out.toString()).contains("paws/dev_2k.tsv: already present, sha256 + git blob id verified");

        out.getBuffer().setLength(0);
        assertThat(data("fetch", "--task", "all", "--to", dir.toString(), "--mirror",
                mirror())).isZero();
        assertThat(out.toString()).contains("paws/translated_train.tsv: already present");
    }

    @Test
    void fetchReportsA404WithTheUrl() {
        int status = data("fetch", "--task", "paws", "--to", dir.toString(),
                "--mirror", mirror());

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).contains("deberta4j data fetch: paws/dev_2k.tsv not found: " + mirror()
                + "/owner/repo/" + COMMIT + "/data/dev_2k.tsv answered 404");
    }

    @Test
    void fetchRejectsAnUnknownTask() {
        int status = run(Main.commandLine(), "data", "fetch", "--task", "klue", "--to", dir.toString());

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).contains("deberta4j data fetch: unknown task 'klue': expected one of nsmc, "
                + "paws, kornli, korsts, question_pair (or all)");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void listShowsEveryTaskWithItsPinnedSources() {
        assertThat(run(Main.commandLine(), "data", "list")).isZero();

        assertThat(out.toString()).contains("nsmc (", "paws (", "kornli (", "korsts (", "question_pair (")
                .contains("github.com/monologg/KoELECTRA@024fbdd600e653b6e4bdfc64ceec84181b5ce6c4")
                .contains(DataSources.load().sourceOf("kornli", "multinli.train.ko.tsv").toString());
    }

    @Test
    void listWithADirectoryShowsMissingVerifiedAndMismatchingFiles() throws IOException {
        Files.createDirectories(dir.resolve("paws"));
        Files.write(dir.resolve("paws/dev_2k.tsv"), TRAIN); // wrong content under the dev name

        assertThat(data("list", "--dir", dir.toString())).isZero();
        assertThat(out.toString()).containsPattern("train +translated_train.tsv +2 rows +MISSING +get it from "
                        + "https://raw.githubusercontent.com/owner/repo/" + COMMIT + "/data/translated_train.tsv")
                .contains("MISMATCH    " + dir.resolve("paws/dev_2k.tsv") + " (sha256 expected " + sha256(DEV));

        Files.write(dir.resolve("paws/dev_2k.tsv"), DEV);
        out.getBuffer().setLength(0);
        assertThat(data("list", "--dir", dir.toString())).isZero();
        assertThat(out.toString()).contains("verified    " + dir.resolve("paws/dev_2k.tsv"));

        out.getBuffer().setLength(0);
        assertThat(data("list", "--dir", dir.toString(), "--no-verify")).isZero();
        assertThat(out.toString()).contains("unverified  " + dir.resolve("paws/dev_2k.tsv"));
    }
}
