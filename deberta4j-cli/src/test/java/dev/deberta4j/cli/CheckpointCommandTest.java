package dev.deberta4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deberta4j.io.Checkpoints;
import dev.deberta4j.io.TensorSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    /** Sharded output keeps every file under the limit and loads to the same model; a small model stays one file. */
    @Test
    void convertWithMaxShardSizeWritesShardsAndAnIndexThatLoadLikeTheSingleFile() throws IOException {
        Path model = dir.resolve("model");
        Files.createDirectories(model);
        for (String f : new String[] {"config.json"}) Files.copy(CASE.resolve(f), model.resolve(f));
        assertThat(run("checkpoint", "convert", "--max-shard-size", "30kB", CASE.toString(),
                model.resolve("model.safetensors").toString())).as(err.toString()).isZero();
        List<Path> shards;
        try (var files = Files.list(model)) {
            shards = files.filter(p -> p.getFileName().toString().matches("model-\\d{5}-of-\\d{5}\\.safetensors")).sorted().toList();
        }
        assertThat(shards).hasSizeGreaterThan(2);
        assertThat(model.resolve("model.safetensors")).doesNotExist();
        assertThat(model.resolve("model.safetensors.index.json")).exists();
        long largestTensor = 600 * 32 * 4;   // the word embeddings get a shard of their own
        for (Path shard : shards) assertThat(Files.size(shard)).isLessThanOrEqualTo(Math.max(30_000, largestTensor) + 8_000);
        assertThat(out.toString().lines().toList()).hasSize(shards.size() + 1).last().asString().endsWith("index.json");

        try (TensorSource single = Checkpoints.open(CASE); TensorSource sharded = Checkpoints.open(model)) {
            assertThat(sharded.names()).containsExactlyInAnyOrderElementsOf(single.names());
            for (String name : single.names()) {
                assertThat(sharded.readFloats(name)).as(name).containsExactly(single.readFloats(name));
            }
        }
        // Under the limit: one file, and the index of the earlier sharded write is removed.
        assertThat(run("checkpoint", "convert", "--max-shard-size", "1GB", CASE.toString(),
                model.resolve("model.safetensors").toString())).isZero();
        assertThat(Files.readAllBytes(model.resolve("model.safetensors"))).isEqualTo(Files.readAllBytes(CASE.resolve("model.safetensors")));
        assertThat(model.resolve("model.safetensors.index.json")).doesNotExist();

        assertThat(run("checkpoint", "convert", "--max-shard-size", "lots", CASE.toString(),
                model.resolve("model.safetensors").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--max-shard-size: expected a size such as 25MB");
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
