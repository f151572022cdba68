package dev.deberta4j.serve;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SIGTERM to a real server process: it stops accepting, finishes the requests in progress and exits 0. */
class GracefulShutdownTest {
    private static final java.util.Map<String, Object> SLOW = java.util.Map.of("inputs",
            java.util.Collections.nCopies(8, "정말 재밌는 영화 ".repeat(50)));
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    @Test
    void sigtermStopsAcceptingFinishesInFlightRequestsAndExitsZero() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        long launched = System.nanoTime();
        Process p = new ProcessBuilder(java.toString(), "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path"), ServeCommand.class.getName(),
                "--model", TestModels.NSMC.toString(), "--port", "0", "--max-batch-requests", "1")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).as("the server's first line").isNotNull();
            Matcher m = LISTENING.matcher(line);
            assertThat(m.find()).as(line).isTrue();
            int port = Integer.parseInt(m.group(1));
            System.err.printf("server up after %d ms%n", (System.nanoTime() - launched) / 1_000_000);
            Http http = new Http(port);

            List<CompletableFuture<Http.Response>> inFlight = new ArrayList<>();
            for (int i = 0; i < 2; i++) inFlight.add(http.postAsync("/embed", SLOW));
            BackpressureTest.await("two admitted requests", () -> http.metric("te_requests_in_flight") == 2);

            long t0 = System.nanoTime();
            p.toHandle().destroy();   // SIGTERM (Process.destroy would also close our end of its stdout)
            Thread.sleep(500);
            assertThat(inFlight).as("requests still computing when the signal came").anyMatch(f -> !f.isDone());
            assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).as("no new connections")
                    .isInstanceOf(ConnectException.class);

            for (var f : inFlight) {
                Http.Response r = f.get(120, TimeUnit.SECONDS);
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                assertThat(r.json().size()).isEqualTo(8);
            }
            assertThat(out.readLine()).contains("stopped");
            System.err.printf("graceful shutdown took %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
            assertThat(p.exitValue()).isZero();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aBadModelDirectoryEndsTheCommandWithOneLineAndExitCodeOne() throws IOException {
        var err = new java.io.StringWriter();
        var cli = new picocli.CommandLine(new ServeCommand());
        cli.setErr(new java.io.PrintWriter(err));
        int code = cli.execute("--model", "/nonexistent/model-dir", "--port", "0");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("deberta4j serve: ").contains("/nonexistent/model-dir");
        assertThat(err.toString().strip().lines().count()).isEqualTo(1);
    }
}
