package dev.deberta4j.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;

import static org.assertj.core.api.Assertions.assertThat;

/** Main's failure handling: one line, the command named, exit 1 for failures and 2 for usage errors. */
class MainTest {
    @Test
    void aFailureIsOneLineNamingTheCommandAndTheTraceNeedsVerbose() {
        CliRun r = CliRun.of("info", "/no/such/model");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("deberta4j info: ").doesNotContain("\n").doesNotContain("\tat ");
        CliRun verbose = CliRun.of("info", "--verbose", "/no/such/model");
        assertThat(verbose.code()).isEqualTo(1);
        assertThat(verbose.err()).startsWith("deberta4j info: ").contains("\tat ");
    }

    @Test
    void aUsageErrorExitsWith2AndPointsToHelp() {
        CliRun r = CliRun.of("classify", "--no-such-option", "x");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("deberta4j classify: Unknown option: '--no-such-option' "
                + "(see 'deberta4j classify --help')");
        CliRun sub = CliRun.of("data", "fetch", "--no-such-option");
        assertThat(sub.code()).isEqualTo(2);
        assertThat(sub.err()).startsWith("deberta4j data fetch: ");
    }

    @Test
    void messagesSayWhatWentWrong() {
        assertThat(Main.message(new UncheckedIOException(new NoSuchFileException("/x/y"))))
                .isEqualTo("/x/y: no such file or directory");
        assertThat(Main.message(new IllegalArgumentException("data.csv: line 3: bad label\nmore")))
                .isEqualTo("data.csv: line 3: bad label");
        assertThat(Main.message(new NullPointerException("a is null")))
                .startsWith("internal error: java.lang.NullPointerException: a is null").contains("--verbose");
    }

    @Test
    void versionAndHelpListEveryCommand() {
        CliRun help = CliRun.of("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("classify").contains("finetune").contains("benchmark").contains("Exit codes:");
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            Main.main(new String[]{"--version"});
        } finally {
            System.setOut(out);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8).strip()).isEqualTo(Main.VERSION);
    }
}
