package dev.deberta4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deberta4j.io.SafetensorsFile;
import dev.deberta4j.io.SafetensorsWriter;
import dev.deberta4j.io.TensorSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deberta4j infer} reproduces every fixture case's golden tensors from the command line, v3-long's
 * 1100-token inputs (longer than max_position_embeddings) included.
 */
class InferCommandTest {
    static final Path FIXTURES = Path.of("../deberta4j-core/src/test/resources/fixtures");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"v2-conv-c2p", "v2-tokentype-abs-pos", "v3-base-like", "v3-long"})
    void reproducesEveryGoldenTensor(String caseName) throws IOException {
        Path dir = FIXTURES.resolve(caseName);
        JsonNode golden = JSON.readTree(dir.resolve("golden.json").toFile());
        try (SafetensorsFile expected = SafetensorsFile.open(dir.resolve("golden.safetensors"))) {
            long[] shape = expected.info("input_ids").shape();
            int batch = (int) shape[0];
            int len = (int) shape[1];
            long[] ids = expected.readLongs("input_ids");
            long[] mask = expected.readLongs("attention_mask");
            long[] types = expected.readLongs("token_type_ids");
            Path rows = tmp.resolve(caseName + ".jsonl");
            Path choices = tmp.resolve(caseName + "-choices.jsonl");
            writeInputs(rows, choices, ids, mask, types, batch, len);

            Path out = tmp.resolve(caseName + "-base.safetensors");
            run("infer", "--model", dir.toString(), "--head", "base", "--hidden-states", "--inputs", rows.toString(),
                    "--output", out.toString());
            try (SafetensorsFile actual = SafetensorsFile.open(out)) {
                assertThat(actual.metadata()).containsEntry("format", "pt");
                int checked = 0;
                for (String name : expected.names()) {
                    if (name.startsWith("hidden_states.") || name.equals("last_hidden_state")) {
                        assertClose(caseName + " " + name, actual, name, expected, name, 1e-5f);
                        checked++;
                    }
                }
                assertThat(checked).as("hidden states compared").isEqualTo(4);   // embeddings, 2 layers, last
            }

            for (Iterator<String> it = golden.get("heads").fieldNames(); it.hasNext(); ) {
                String head = it.next();
                Path modelDir = headModel(dir, golden.get("heads").get(head), head);
                Path headOut = tmp.resolve(caseName + "-" + head + ".safetensors");
                boolean mc = head.equals("multiple_choice");
                run("infer", "--model", modelDir.toString(), "--inputs", (mc ? choices : rows).toString(),
                        "--output", headOut.toString());
                try (SafetensorsFile actual = SafetensorsFile.open(headOut)) {
                    float tolerance = head.equals("mlm") ? 2e-5f : 1e-5f;   // see GoldenParityTest
                    if (head.equals("qa")) {
                        assertClose(caseName + " qa start", actual, "start_logits", expected, "logits.qa_start", tolerance);
                        assertClose(caseName + " qa end", actual, "end_logits", expected, "logits.qa_end", tolerance);
                    } else {
                        assertClose(caseName + " " + head, actual, "logits", expected, "logits." + head, tolerance);
                    }
                }
            }
        }
    }

    /** A model directory for one head: its config and the deberta.* weights plus the head's own tensors. */
    private Path headModel(Path caseDir, JsonNode head, String name) throws IOException {
        Path modelDir = Files.createDirectories(tmp.resolve("model-" + caseDir.getFileName() + "-" + name));
        Files.copy(caseDir.resolve(head.get("config").asText()), modelDir.resolve("config.json"));
        SafetensorsWriter writer = new SafetensorsWriter();
        try (TensorSource base = SafetensorsFile.open(caseDir.resolve("model.safetensors"));
             TensorSource own = SafetensorsFile.open(caseDir.resolve(head.get("weights").asText()))) {
            for (String n : base.names()) {
                if (n.startsWith("deberta.")) writer.addF32(n, base.readFloats(n), base.info(n).shape());
            }
            for (String n : own.names()) writer.addF32(n, own.readFloats(n), own.info(n).shape());
        }
        writer.write(modelDir.resolve("model.safetensors"));
        return modelDir;
    }

    private static void writeInputs(Path rows, Path choices, long[] ids, long[] mask, long[] types, int batch, int len)
            throws IOException {
        List<String> lines = new ArrayList<>();
        ObjectNode mc = JSON.createObjectNode();
        ArrayNode mcIds = mc.putArray("input_ids");
        ArrayNode mcMask = mc.putArray("attention_mask");
        ArrayNode mcTypes = mc.putArray("token_type_ids");
        for (int b = 0; b < batch; b++) {
            ObjectNode line = JSON.createObjectNode();
            ArrayNode i = line.putArray("input_ids");
            ArrayNode m = line.putArray("attention_mask");
            ArrayNode t = line.putArray("token_type_ids");
            for (int p = 0; p < len; p++) {
                i.add(ids[b * len + p]);
                m.add(mask[b * len + p]);
                t.add(types[b * len + p]);
            }
            lines.add(JSON.writeValueAsString(line));
            mcIds.add(i.deepCopy());
            mcMask.add(m.deepCopy());
            mcTypes.add(t.deepCopy());
        }
        Files.write(rows, lines);
        Files.writeString(choices, JSON.writeValueAsString(mc) + "\n");
    }

    private static void run(String... args) {
        int code = Main.commandLine().execute(args);
        assertThat(code).as("exit code of deberta4j " + String.join(" ", args)).isZero();
    }

    private static void assertClose(String what, SafetensorsFile actual, String actualName, SafetensorsFile expected,
                                    String expectedName, float tolerance) {
        assertThat(actual.info(actualName).shape()).as(what + " shape").containsExactly(expected.info(expectedName).shape());
        float[] a = actual.readFloats(actualName);
        float[] e = expected.readFloats(expectedName);
        float max = 0;
        for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - e[i]));
        assertThat(max).as(what + " max |diff|").isLessThanOrEqualTo(tolerance);
    }
}
