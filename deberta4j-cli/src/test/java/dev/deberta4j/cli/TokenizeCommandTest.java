package dev.deberta4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code deberta4j tokenize} reproduces the Hugging Face reference files; convert-tokenizer writes a usable json. */
class TokenizeCommandTest {
    private static final Path TOKENIZERS = Path.of("../deberta4j-core/src/test/resources/tokenizers");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"ko-unigram-8k", "koelectra-v1-wordpiece"})
    void reproducesReferenceFiles(String name) throws IOException {
        List<JsonNode> reference = new ArrayList<>();
        StringBuilder input = new StringBuilder();
        for (String line : Files.readAllLines(TOKENIZERS.resolve(name).resolve("reference.jsonl"))) {
            JsonNode n = MAPPER.readTree(line);
            reference.add(n);
            ObjectNode in = MAPPER.createObjectNode().put("text", n.get("text").asText());
            if (n.has("text_pair")) in.put("text_pair", n.get("text_pair").asText());
            input.append(MAPPER.writeValueAsString(in)).append('\n');
        }
        Path in = Files.writeString(dir.resolve("cases.jsonl"), input);
        Path out = dir.resolve("out.jsonl");
        int exit = Main.commandLine().execute("tokenize", "--tokenizer", TOKENIZERS.resolve(name).toString(),
                "--input", in.toString(), "--output", out.toString());
        assertThat(exit).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(reference.size());
        for (int i = 0; i < lines.size(); i++) {
            JsonNode got = MAPPER.readTree(lines.get(i));
            JsonNode want = reference.get(i);
            assertThat(got.get("input_ids")).as(want.get("id").asText()).isEqualTo(want.get("ids"));
            assertThat(got.get("tokens")).isEqualTo(want.get("tokens"));
            assertThat(got.get("offsets")).isEqualTo(want.get("offsets"));
            assertThat(got.get("attention_mask")).isEqualTo(want.get("attention_mask"));
            assertThat(got.get("token_type_ids")).isEqualTo(want.get("token_type_ids"));
        }

        Path truncatedOut = dir.resolve("truncated.jsonl");
        exit = Main.commandLine().execute("tokenize", "--tokenizer", TOKENIZERS.resolve(name).toString(),
                "--input", in.toString(), "--output", truncatedOut.toString(), "--max-length", "64",
                "--truncation", "longest_first");
        assertThat(exit).isZero();
        lines = Files.readAllLines(truncatedOut);
        for (int i = 0; i < lines.size(); i++) {
            JsonNode got = MAPPER.readTree(lines.get(i));
            JsonNode want = reference.get(i).get("truncated");
            assertThat(got.get("input_ids")).isEqualTo(want.get("ids"));
            assertThat(got.get("offsets")).isEqualTo(want.get("offsets"));
            assertThat(got.get("token_type_ids")).isEqualTo(want.get("token_type_ids"));
        }
    }

    @Test
    void badInputLineIsReportedWithItsLineNumber() throws IOException {
        Path in = Files.writeString(dir.resolve("bad.jsonl"), "{\"text\": \"좋아요\"}\n{\"txt\": 1}\n");
        CliRun bad = CliRun.of("tokenize", "--tokenizer", TOKENIZERS.resolve("ko-unigram-8k").toString(),
                "--input", in.toString(), "--output", dir.resolve("o.jsonl").toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("bad.jsonl:2: expected an object with a string \"text\"");
        Path pairs = Files.writeString(dir.resolve("nopair.jsonl"), "{\"text\": \"좋아요\"}\n");
        int exit = Main.commandLine().execute("tokenize", "--tokenizer", TOKENIZERS.resolve("ko-unigram-8k").toString(),
                "--input", pairs.toString(), "--output", dir.resolve("o.jsonl").toString(), "--pair");
        assertThat(exit).isNotZero();
    }

    /** Invalid UTF-8 used to end in a MalformedInputException stack trace. */
    @Test
    void invalidUtf8InputIsAOneLineError() throws IOException {
        Path in = dir.resolve("latin1.jsonl");
        Files.write(in, new byte[] {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', 'a', '"', '}', '\n',
                '{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xE9, '"', '}', '\n'});
        CliRun run = CliRun.of("tokenize", "--tokenizer", TOKENIZERS.resolve("ko-unigram-8k").toString(),
                "--input", in.toString(), "--output", dir.resolve("o.jsonl").toString());
        assertThat(run.code()).isEqualTo(1);   // a failure (bad input), not a usage error: Main's exit codes
        assertThat(run.err().strip())
                .startsWith("deberta4j tokenize: " + in + ":2: not valid UTF-8").doesNotContain("\n");
    }

    @Test
    void convertTokenizerWritesTheConversion() throws IOException {
        Path out = dir.resolve("converted");
        int exit = Main.commandLine().execute("convert-tokenizer", "--spm",
                TOKENIZERS.resolve("ko-unigram-8k/spm.model").toString(), "--output", out.toString());
        assertThat(exit).isZero();
        assertThat(MAPPER.readTree(out.resolve("tokenizer.json").toFile()))
                .isEqualTo(MAPPER.readTree(TOKENIZERS.resolve("ko-unigram-8k/tokenizer.json").toFile()));
    }

    @Test
    void convertTokenizerWritesAVocabTxtAsTheTokenizerJsonItStandsFor() throws IOException {
        Path out = dir.resolve("from-vocab");
        CliRun run = CliRun.of("convert-tokenizer", "--vocab",
                TOKENIZERS.resolve("koelectra-v1-wordpiece/vocab.txt").toString(), "--output", out.toString());
        assertThat(run.code()).isZero();
        // the shipped tokenizer.json is BertConverter's layout of the same vocab.txt and config
        var written = MAPPER.readTree(out.resolve("tokenizer.json").toFile());
        var shipped = MAPPER.readTree(TOKENIZERS.resolve("koelectra-v1-wordpiece/tokenizer.json").toFile());
        for (String part : new String[]{"normalizer", "pre_tokenizer", "post_processor", "decoder", "model"}) {
            assertThat(written.get(part)).as(part).isEqualTo(shipped.get(part));
        }
        assertThat(MAPPER.readTree(out.resolve("tokenizer_config.json").toFile()).get("do_lower_case").asBoolean())
                .isFalse();
        CliRun both = CliRun.of("convert-tokenizer", "--vocab", "a/vocab.txt", "--spm", "b.model", "--output",
                out.toString());
        assertThat(both.code()).isEqualTo(2);
    }
}
