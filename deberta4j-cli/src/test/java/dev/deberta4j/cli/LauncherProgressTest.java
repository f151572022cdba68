package dev.deberta4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * bin/deberta4j under a pseudo-terminal (util-linux {@code script}): the progress bar's frames, drawn with \r,
 * must reach the terminal while the job runs, not all at once when it ends (a line-buffering stderr filter in the
 * launcher used to hold them until the final newline).
 */
class LauncherProgressTest {
    private static final Path LAUNCHER = Path.of("../bin/deberta4j").toAbsolutePath().normalize();

    @TempDir Path tmp;

    @Test
    void barsAnimateLiveInATerminal() throws IOException, InterruptedException {
        assumeTrue(new ProcessBuilder("script", "--version").start().waitFor() == 0, "util-linux script is needed");
        StringBuilder texts = new StringBuilder();
        for (int i = 0; i < 3000; i++) texts.append(i % 2 == 0 ? "이 영화 정말 재밌어요 " : "정말 지루하고 재미없는 영화 ").append(i).append('\n');
        Path input = Files.writeString(tmp.resolve("texts.txt"), texts);
        String command = LAUNCHER + " classify --batch-size 4 --input " + input + " > /dev/null";
        ProcessBuilder pb = new ProcessBuilder("script", "-qfec", command, "/dev/null").redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
        pb.environment().put("DEBERTA4J_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("DEBERTA4J_AOT", "0");
        pb.environment().remove("DEBERTA4J_JAVA_OPTS");
        Process process = pb.start();
        process.getOutputStream().close();

        List<String> framesWhileRunning = new ArrayList<>();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        try (InputStream out = process.getInputStream()) {
            for (int b; (b = out.read()) >= 0; ) {
                all.write(b);
                if (b == '\r' || b == '\n') {
                    String text = frame.toString(StandardCharsets.UTF_8);
                    if (text.contains("texts/s") && process.isAlive()) framesWhileRunning.add(text);
                    frame.reset();
                } else {
                    frame.write(b);
                }
            }
        }
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String transcript = all.toString(StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(transcript).isZero();
        Set<String> distinct = new LinkedHashSet<>(framesWhileRunning);
        assertThat(distinct).as("bar frames seen before the job ended, in:\n" + transcript).hasSizeGreaterThanOrEqualTo(2);
    }
}
