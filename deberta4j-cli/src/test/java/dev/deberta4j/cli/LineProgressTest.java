package dev.deberta4j.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class LineProgressTest {
    @Test
    void aSpeedBelowOneHasItsLeadingZero() throws InterruptedException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (LineProgress progress = LineProgress.of("classify", 10, true, out)) {
            progress.step(1);
            Thread.sleep(2_500);   // 1 text in 2.5 s: well below 1 text/s
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8)).containsPattern("[^0-9.]0\\.\\d texts/s");
    }
}
