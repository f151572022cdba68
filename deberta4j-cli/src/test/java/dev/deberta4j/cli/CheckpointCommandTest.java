package dev.deberta4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CheckpointCommandTest {
    /** The golden fixtures live with the core module's tests. */
    private static final Path FIXTURES = Path.of("../deberta4j-core/src/test/resources/fixtures");
    private static final Path CASE = FIXTURES.resolve("v2-tokentype-abs-pos");

    @TempDir Path dir;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void inspectListsTensorsAndTotals() {
        assertThat(run("checkpoint", "inspect", CASE.resolve("formats/fp16").toString())).isZero();
        assertThat(out.toString().lines().toList())
                .startsWith("SafetensorsFile " + CASE.resolve("formats/fp16/model.safetensors"), "metadata {format=pt}",
                        "classifier.bias F16 [3]", "classifier.weight F16 [3, 48]")
                .contains("deberta.embeddings.word_embeddings.weight F16 [600, 32]")
                .last().asString().matches("51 tensors, \\d+ elements, \\d+ bytes");
    }

    /** Converting HF's own torch files gives HF's own safetensors files, byte for byte. */
    @Test
    void convertingTorchFilesReproducesHuggingFaceSafetensors() throws IOException {
        for (String format : new String[] {"torch-zip", "torch-legacy"}) {
            Path converted = dir.resolve(format + ".safetensors");
            assertThat(run("checkpoint", "convert", CASE.resolve("formats/" + format).toString(), converted.toString()))
                    .as(err.toString()).isZero();
            assertThat(Files.readAllBytes(converted)).isEqualTo(Files.readAllBytes(CASE.resolve("model.safetensors")));
        }
        Path half = dir.resolve("half.safetensors");
        assertThat(run("checkpoint", "convert", "--dtype", "f16", CASE.toString(), half.toString())).isZero();
        assertThat(Files.readAllBytes(half)).isEqualTo(Files.readAllBytes(CASE.resolve("formats/fp16/model.safetensors")));
        Path brain = dir.resolve("brain.safetensors");
        assertThat(run("checkpoint", "convert", "--dtype", "bf16", CASE.toString(), brain.toString())).isZero();
        assertThat(Files.readAllBytes(brain)).isEqualTo(Files.readAllBytes(CASE.resolve("formats/bf16/model.safetensors")));
    }

    @Test
    void badInputIsReportedNotThrown() throws IOException {
        Path junk = dir.resolve("pytorch_model.bin");
        Files.write(junk, new byte[] {1, 2, 3, 4});
        assertThat(run("checkpoint", "convert", dir.toString(), dir.resolve("out.safetensors").toString())).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("deberta4j checkpoint convert: " + junk
                + ": not a torch checkpoint: expected a zip archive (PK\\3\\4) or a pickle (0x80 0x02), found bytes 01 02 03 04");
        assertThat(dir.resolve("out.safetensors")).doesNotExist();
    }
}
