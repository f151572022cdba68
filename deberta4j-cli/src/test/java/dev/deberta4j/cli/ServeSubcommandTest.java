package dev.deberta4j.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code deberta4j serve} is registered and reports a bad model in one line (the server itself: deberta4j-serve). */
class ServeSubcommandTest {
    @Test
    void serveIsASubcommandWithTeiOptionsAndABadModelEndsWithExitCodeOne() {
        var cli = Main.commandLine();
        assertThat(cli.getSubcommands()).containsKey("serve");
        StringWriter help = new StringWriter();
        cli.setOut(new PrintWriter(help));
        assertThat(cli.execute("serve", "--help")).isZero();
        assertThat(help.toString()).contains("--max-batch-tokens").contains("--max-concurrent-requests")
                .contains("--auto-truncate").contains("--api-key").contains("/v1/embeddings");

        StringWriter err = new StringWriter();
        var again = Main.commandLine();
        again.setErr(new PrintWriter(err));
        assertThat(again.execute("serve", "--model", "/nonexistent/dir", "--port", "0")).isEqualTo(1);
        assertThat(err.toString()).startsWith("deberta4j serve: ").contains("/nonexistent/dir");
    }
}
