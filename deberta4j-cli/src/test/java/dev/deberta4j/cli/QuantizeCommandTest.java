package dev.deberta4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deberta4j.io.SafetensorsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code deberta4j quantize} writes a directory that {@code infer} and {@code speed} run; bad input is reported. */
class QuantizeCommandTest {
    private static final Path CASE = Path.of("../deberta4j-core/src/test/resources/fixtures/v3-base-like");

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
    void int4DirectoryRunsInInferAndSpeed() throws IOException {
        Path q = dir.resolve("int4");
        assertThat(run("quantize", "--model", CASE.toString(), "--dtype", "int4", "--group-size", "16",
                "--output", q.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("12 linear weight matrices (65536 parameters) as int4 in groups of 16");
        assertThat(Files.readString(q.resolve("config.json")))
                .contains("\"deberta4j_quantization\"", "\"weight_dtype\" : \"int4\"", "\"group_size\" : 16");

        Path inputs = dir.resolve("inputs.jsonl");
        Path result = dir.resolve("out.safetensors");
        try (SafetensorsFile golden = SafetensorsFile.open(CASE.resolve("golden.safetensors"))) {
            writeInputs(inputs, golden);
            assertThat(run("infer", "--model", q.toString(), "--head", "base", "--inputs", inputs.toString(),
                    "--output", result.toString())).as(err.toString()).isZero();
            try (SafetensorsFile actual = SafetensorsFile.open(result)) {
                float[] a = actual.readFloats("last_hidden_state");
                float[] e = golden.readFloats("last_hidden_state");
                double sum = 0;
                for (int i = 0; i < a.length; i++) sum += Math.abs(a[i] - e[i]);
                // int4 bound of QuantizedGoldenTest; a float32 run would be within 1e-5, so check it is not that
                assertThat(sum / a.length).isBetween(1e-3, 0.2);
            }
        }
        CliRun speed = CliRun.of("speed", "--model", q.toString(), "--shapes", "1x8", "--runs", "1", "--warmup", "0",
                "--gemm-seconds", "0");
        assertThat(speed.code()).as(speed.err()).isZero();
        assertThat(speed.out()).contains("| 1 x 8 |");
    }

    /** A tiny classifier on the ko-unigram-8k tokenizer: classify runs its int8 form with the tokenizer copied over. */
    @Test
    void classifyRunsAQuantizedDirectoryAndAgreesWithFloat32() throws IOException {
        Path f32 = dir.resolve("cls");
        Files.createDirectories(f32);
        var config = dev.deberta4j.model.ModelShapes.v3(32, 2, 2, 64).with(java.util.Map.of("vocab_size", 8000,
                "id2label", java.util.Map.of("0", "neg", "1", "pos"), "label2id", java.util.Map.of()));
        var weights = dev.deberta4j.model.WeightInitializer.initialise(config,
                dev.deberta4j.model.HeadType.SEQUENCE_CLASSIFICATION, 5);
        weights.putFloats("classifier.bias", new float[]{0, 1}, 2);
        var writer = new dev.deberta4j.io.SafetensorsWriter();
        for (String n : weights.names()) writer.addF32(n, weights.readFloats(n), weights.info(n).shape());
        writer.write(f32.resolve("model.safetensors"));
        Files.writeString(f32.resolve("config.json"), config.toJsonString());
        Path tokenizer = Path.of("../deberta4j-core/src/test/resources/tokenizers/ko-unigram-8k");
        for (String f : List.of("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json")) {
            Files.copy(tokenizer.resolve(f), f32.resolve(f));
        }
        Path int8 = dir.resolve("cls-int8");
        assertThat(run("quantize", "--model", f32.toString(), "--dtype", "int8", "--output", int8.toString()))
                .as(err.toString()).isZero();
        assertThat(int8.resolve("tokenizer.json")).exists();

        double[] scores = new double[2];
        int k = 0;
        for (Path model : List.of(f32, int8)) {
            out.getBuffer().setLength(0);
            assertThat(run("classify", "--model", model.toString(), "--json", "재밌다")).as(err.toString()).isZero();
            var line = new ObjectMapper().readTree(out.toString().lines().findFirst().orElseThrow());
            assertThat(line.get("label").asText()).isEqualTo("pos");
            scores[k++] = line.get("score").asDouble();
        }
        assertThat(scores[1]).isCloseTo(scores[0], org.assertj.core.data.Offset.offset(0.01)).isNotEqualTo(scores[0]);
    }

    @Test
    void badInputIsReportedWithTheReason() {
        assertThat(run("quantize", "--model", CASE.toString(), "--dtype", "int3", "--output", dir.toString())).isOne();
        assertThat(err.toString()).contains("deberta4j quantize: unknown weight dtype 'int3' (expected one of float32,"
                + " float16, bfloat16, int8, int4)");
        assertThat(run("quantize", "--model", CASE.toString(), "--dtype", "int4", "--group-size", "24",
                "--output", dir.resolve("x").toString())).isOne();
        assertThat(err.toString()).contains("int4 group size must be a positive multiple of 16, found 24");
        assertThat(run("quantize", "--model", CASE.toString(), "--dtype", "int4", "--group-size", "48",
                "--output", dir.resolve("x").toString())).isOne();
        assertThat(err.toString()).contains("int4 group size 48 does not divide the 64 input features of"
                + " deberta.encoder.layer.0.attention.output.dense.weight");
        assertThat(dir.resolve("x/model.safetensors")).doesNotExist();
    }

    private static void writeInputs(Path file, SafetensorsFile golden) throws IOException {
        ObjectMapper json = new ObjectMapper();
        long[] shape = golden.info("input_ids").shape();
        long[] ids = golden.readLongs("input_ids");
        long[] mask = golden.readLongs("attention_mask");
        List<String> lines = new ArrayList<>();
        for (int b = 0; b < shape[0]; b++) {
            ObjectNode line = json.createObjectNode();
            ArrayNode i = line.putArray("input_ids");
            ArrayNode m = line.putArray("attention_mask");
            for (int p = 0; p < shape[1]; p++) {
                i.add(ids[(int) (b * shape[1] + p)]);
                m.add(mask[(int) (b * shape[1] + p)]);
            }
            lines.add(json.writeValueAsString(line));
        }
        Files.write(file, lines);
    }
}
