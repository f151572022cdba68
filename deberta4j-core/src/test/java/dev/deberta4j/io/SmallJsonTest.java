package dev.deberta4j.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The small reader gives the tree Jackson's readTree gives (node types included), and refuses what it refuses. */
class SmallJsonTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();

    @Test
    void everyJsonFileOfTheTestResourcesReadsAsJacksonReadsIt() throws IOException {
        Path resources = Fixtures.path("").getParent();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(resources)) {
            files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(20);   // configs, goldens (many floats), tokenizer files
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            assertThat(SmallJson.parse(bytes)).as(f.toString()).isEqualTo(JACKSON.readTree(bytes));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "[]", " {\"a\" : [1, -0, 0.5, -1.5e-3, 2E+2, 1e400, true, false, null]}\n",
            "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
            "-9223372036854775808", "123456789012345678901234567890", "0.1", "1.0", "-0.0", "4.9e-324",
            "\"\\u00e9\\ud83d\\ude00 \\\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t\"", "\"한국어 ▁ 😀\"",
            "{\"a\": 1, \"a\": 2}", "{\"nested\": {\"deep\": [[[{}]]]}}", "\"\"", "", "   "})
    void valuesReadAsJacksonReadsThem(String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        JsonNode ours = SmallJson.parse(bytes);
        assertThat(ours).isEqualTo(JACKSON.readTree(bytes));
        assertThat(ours.getNodeType()).isEqualTo(JACKSON.readTree(bytes).getNodeType());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "[1,]", "{\"a\":1,}", "{a:1}", "{'a':1}", "01", "1.", ".5", "1e", "+1", "-",
            "NaN", "tru", "nul", "\"unterminated", "\"bad \\x escape\"", "\"\\u12G4\"", "\"raw\ttab\"", "{} {}",
            "[1] x", "// comment\n{}", "{\"a\" 1}", "[1 2]"})
    void malformedJsonIsRefusedAsJacksonRefusesIt(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> SmallJson.parse(bytes)).isInstanceOf(SmallJson.SyntaxException.class)
                .hasMessageContaining("line 1, column");
        assertThatThrownBy(() -> JACKSON.readerFor(JsonNode.class)
                .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(bytes))
                .isInstanceOf(IOException.class);
    }

    @Test
    void errorsNameLineAndColumnAndDuplicatesAreRefusedWhenAsked() throws IOException {
        assertThatThrownBy(() -> SmallJson.parse("{\n  \"a\": x}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("unexpected character 'x' (line 2, column 8)");
        assertThat(SmallJson.parse("{\"a\": 1, \"a\": 2}", false).get("a").intValue()).isEqualTo(2);
        assertThatThrownBy(() -> SmallJson.parse("{\"a\": 1, \"a\": 2}", true)).hasMessageStartingWith("Duplicate field 'a'");
        assertThatThrownBy(() -> SmallJson.parse(new byte[]{'"', (byte) 0xC3, '"'})).hasMessageStartingWith("invalid UTF-8");
        String deep = "[".repeat(SmallJson.MAX_DEPTH + 1) + "]".repeat(SmallJson.MAX_DEPTH + 1);
        assertThatThrownBy(() -> SmallJson.parse(deep, false)).hasMessageStartingWith("nesting deeper than");
    }
}
