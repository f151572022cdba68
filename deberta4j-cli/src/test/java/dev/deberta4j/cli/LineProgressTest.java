package dev.deberta4j.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class LineProgressTest {
    @Test
    void aSpeedBelowOneHasItsLeadingZero() throws InterruptedException {
        StringWriter shown = new StringWriter();
        try (LineProgress progress = LineProgress.of("classify", 10, true, new PrintWriter(shown))) {
            progress.step(1);
            Thread.sleep(2_500);   // 1 text in 2.5 s: well below 1 text/s
        }
        assertThat(shown.toString()).containsPattern("[^0-9.]0\\.\\d texts/s");
    }
}
