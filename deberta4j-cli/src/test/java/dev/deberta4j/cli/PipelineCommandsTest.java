package dev.deberta4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deberta4j.io.InMemoryTensorSource;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.testing.ModelFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The text pipeline commands end to end on tiny models whose heads force known results. */
class PipelineCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;

    private record Result(int code, String out, String err) {
        List<JsonNode> jsonLines() {
            return out.lines().map(l -> {
                try {
                    return JSON.readTree(l);
                } catch (IOException e) {
                    throw new AssertionError("not JSON: " + l, e);
                }
            }).toList();
        }
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** A tiny DeBERTa-V3 directory on the ko-unigram-8k tokenizer; {@code edit} changes weights before writing. */
    private Path model(String name, HeadType head, String[] labels, Map<String, Object> extra,
                       Consumer<InMemoryTensorSource> edit) {
        return ModelFixtures.write(tmp.resolve(name), ModelFixtures.UNIGRAM, head, labels, extra, 5, edit);
    }

    @Test
    void classifyWithoutAModelUsesTheBundledKoreanSentimentModel() {
        Result r = run("classify", "--json", "이 영화 정말 재밌어요", "정말 지루하고 재미없는 영화");
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> lines = r.jsonLines();
        assertThat(lines.get(0).get("label").asText()).isEqualTo("positive");
        assertThat(lines.get(1).get("label").asText()).isEqualTo("negative");
        // clear-cut reviews get clear scores, not a coin toss
        assertThat(lines.get(0).get("score").asDouble()).isGreaterThan(0.8);
        assertThat(lines.get(1).get("score").asDouble()).isGreaterThan(0.8);
        JsonNode p = lines.get(0).get("probabilities");
        assertThat(p.get("positive").asDouble() + p.get("negative").asDouble()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void fillMaskAndEmbedWithoutAModelUseTheBundledKoreanDeberta() {
        String generator = Path.of("../models/ko-deberta-v3-h256l6/generator").toString();
        String discriminator = Path.of("../models/ko-deberta-v3-h256l6/discriminator").toString();
        Result mask = run("fill-mask", "--json", "이 영화 정말 [MASK].");
        assertThat(mask.code()).as(mask.err()).isZero();
        assertThat(mask.jsonLines().get(0).get("masks").get(0).size()).isEqualTo(5);
        assertThat(mask.out()).isEqualTo(run("fill-mask", "--model", generator, "--json", "이 영화 정말 [MASK].").out());

        Result embed = run("embed", "--json", "오늘 날씨가 좋다");
        assertThat(embed.code()).as(embed.err()).isZero();
        assertThat(embed.jsonLines().get(0).get("embedding").size()).isEqualTo(256);
        assertThat(embed.out()).isEqualTo(run("embed", "--model", discriminator, "--json", "오늘 날씨가 좋다").out());
    }

    @Test
    void outsideACheckoutTheBundledModelComesFromTheClassPath() {
        String before = System.getProperty(BundledModel.HOME_PROPERTY);
        System.setProperty(BundledModel.HOME_PROPERTY, tmp.toString());
        System.setProperty("deberta4j.models.cache", tmp.resolve("cache").toString());
        try {
            Result r = run("classify", "좋다", "이 영화 정말 재밌어요");
            assertThat(r.code()).as(r.err()).isZero();
            // the class-path copy answers as the checkout's model does
            assertThat(r.out()).isEqualTo(run("classify", "--model", "../models/ko-deberta-v3-h256l6-nsmc", "좋다",
                    "이 영화 정말 재밌어요").out());
            assertThat(r.out().lines().toList()).hasSize(2).allMatch(line -> line.startsWith("positive\t"));
            assertThat(tmp.resolve("cache").resolve("ko-deberta-v3-h256l6-nsmc-0.1.0").resolve("model.safetensors")).exists();
            Result mask = run("fill-mask", "이 영화 정말 [MASK].");
            assertThat(mask.code()).as(mask.err()).isZero();
            assertThat(tmp.resolve("cache").resolve("ko-deberta-v3-h256l6-generator-0.1.0").resolve("spm.model")).exists();
        } finally {
            System.clearProperty("deberta4j.models.cache");
            if (before == null) System.clearProperty(BundledModel.HOME_PROPERTY);
            else System.setProperty(BundledModel.HOME_PROPERTY, before);
        }
    }

    @Test
    void classifyPrintsTheBestLabelAndRejectsOverLongLinesNamingTheLineAndTheOption() throws IOException {
        Path dir = model("cls", HeadType.SEQUENCE_CLASSIFICATION, new String[]{"neg", "pos"},
                Map.of("max_position_embeddings", 12, "position_buckets", 8, "position_biased_input", true),
                ModelFixtures.constantLogits("classifier", 0, 1));
        Result r = run("classify", "--model", dir.toString(), "--json", "재밌다", "별로");
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> lines = r.jsonLines();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1).get("text").asText()).isEqualTo("별로");
        assertThat(lines.get(1).get("label").asText()).isEqualTo("pos");
        assertThat(lines.get(1).get("score").asDouble()).isCloseTo(Math.exp(1) / (1 + Math.exp(1)), within(1e-6));
        assertThat(lines.get(1).get("probabilities").get("neg").asDouble()).isCloseTo(1 / (1 + Math.exp(1)), within(1e-6));
        assertThat(lines.get(1).get("probabilities").size()).isEqualTo(2);

        Path input = tmp.resolve("in.txt");
        Files.writeString(input, "짧다\n\n가나다라 마바사 아자차카 타파하 가나다라 마바사\n");
        Result tooLong = run("classify", "--model", dir.toString(), "--input", input.toString());
        assertThat(tooLong.code()).isEqualTo(1);
        assertThat(tooLong.err()).contains(input + ":3: ").contains("at most 12").contains("--truncate");

        Files.writeString(input, "{\"text\": \"가나다라 마바사 아자차카 타파하 가나다라 마바사\", \"text_pair\": \"x\"}\n"
                + "{\"text\": \"짧다\", \"text_pair\": \"길다\"}\n");
        Result cut = run("classify", "--model", dir.toString(), "--input", input.toString(), "--truncate", "--json", "--top-k", "2");
        assertThat(cut.code()).as(cut.err()).isZero();
        assertThat(cut.jsonLines()).hasSize(2);
        assertThat(cut.jsonLines().get(1).get("text_pair").asText()).isEqualTo("길다");
        assertThat(cut.jsonLines().get(1).get("labels")).hasSize(2);
    }

    @Test
    void embedPrintsJsonlOrWritesAMatrix() throws IOException {
        Path dir = model("base", HeadType.BASE, null, Map.of(), w -> { });
        Result r = run("embed", "--model", dir.toString(), "--normalize", "하나", "둘 셋");
        assertThat(r.code()).as(r.err()).isZero();
        // plain output: the numbers, a tab, the text; --json: JSON objects
        assertThat(r.out().lines().toList()).hasSize(2).allSatisfy(l -> assertThat(l).doesNotStartWith("{"));
        assertThat(r.out().lines().findFirst().orElseThrow().split("\t")[0].split(" ")).hasSize(32);
        assertThat(r.out().lines().findFirst().orElseThrow()).endsWith("\t하나");
        r = run("embed", "--model", dir.toString(), "--normalize", "--json", "하나", "둘 셋");
        JsonNode first = r.jsonLines().getFirst();
        assertThat(first.get("embedding")).hasSize(32);
        double norm = 0;
        for (JsonNode v : first.get("embedding")) norm += v.asDouble() * v.asDouble();
        assertThat(norm).isCloseTo(1, within(1e-5));

        Path input = tmp.resolve("texts.txt");
        Files.writeString(input, "하나\n둘 셋\n{\"text\": \"넷\"}\n");
        Path npy = tmp.resolve("e.npy");
        Result m = run("embed", "--model", dir.toString(), "--input", input.toString(), "--output", npy.toString(),
                "--pooling", "cls", "--batch-size", "2");
        assertThat(m.code()).as(m.err()).isZero();
        String header = new String(Files.readAllBytes(npy), 10, 118, java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(header).contains("'shape': (3, 32)");
        assertThat(Files.size(npy)).isEqualTo(128 + 3 * 32 * 4);
    }

    @Test
    void fillMaskNerAndQaPrintTransformersShapedJson() throws IOException {
        float[] bias = new float[8000];
        bias[420] = 100;   // ▁수도
        Path mlm = model("mlm", HeadType.MASKED_LM, null, Map.of(), w -> w.putFloats("cls.predictions.bias", bias, 8000));
        Result fill = run("fill-mask", "--model", mlm.toString(), "--json", "--top-k", "2", "서울은 한국의 [MASK]이다.");
        assertThat(fill.code()).as(fill.err()).isZero();
        JsonNode best = fill.jsonLines().getFirst().get("masks").get(0).get(0);
        assertThat(best.get("token").asInt()).isEqualTo(420);
        assertThat(best.get("token_str").asText()).isEqualTo("수도");
        assertThat(best.get("sequence").asText()).isEqualTo("서울은 한국의 수도 이다.");
        Result noMask = run("fill-mask", "--model", mlm.toString(), "마스크 없음");
        assertThat(noMask.code()).isEqualTo(1);
        assertThat(noMask.err()).contains("argument 1: no mask token [MASK]");

        Path ner = model("ner", HeadType.TOKEN_CLASSIFICATION, new String[]{"O", "B-PER", "I-PER"}, Map.of(),
                ModelFixtures.constantLogits("classifier", 0, 3, 1));
        Result groups = run("ner", "--model", ner.toString(), "--json", "--aggregation", "first", "이순신은 조선의 장군이다");
        assertThat(groups.code()).as(groups.err()).isZero();
        JsonNode entities = groups.jsonLines().getFirst().get("entities");
        assertThat(entities).hasSize(3);
        assertThat(entities.get(1).get("entity_group").asText()).isEqualTo("PER");
        assertThat(entities.get(1).get("word").asText()).isEqualTo("조선의");
        assertThat(entities.get(1).get("start").asInt()).isEqualTo(4);
        assertThat(entities.get(1).get("end").asInt()).isEqualTo(8);
        Result tokens = run("ner", "--model", ner.toString(), "--json", "--aggregation", "none", "이순신은");
        assertThat(tokens.jsonLines().getFirst().get("entities").get(0).get("entity").asText()).isEqualTo("B-PER");
        assertThat(tokens.jsonLines().getFirst().get("entities").get(0).get("index").asInt()).isEqualTo(1);

        Path qa = model("qa", HeadType.QUESTION_ANSWERING, null, Map.of(), ModelFixtures.constantLogits("qa_outputs", 0, 0));
        Path questions = tmp.resolve("qa.jsonl");
        Files.writeString(questions, "{\"question\": \"수도는?\", \"context\": \"대한민국의 수도는 서울이다.\"}\n");
        Result answer = run("qa", "--model", qa.toString(), "--json", "--input", questions.toString());
        assertThat(answer.code()).as(answer.err()).isZero();
        JsonNode a = answer.jsonLines().getFirst().get("answers").get(0);
        assertThat(a.get("answer").asText()).isEqualTo("대한민국의");
        assertThat(a.get("start").asInt()).isZero();
        assertThat(a.get("end").asInt()).isEqualTo(5);
        Result plain = run("qa", "--model", qa.toString(), "--question", "수도는?", "--context", "대한민국의 수도는 서울이다.");
        assertThat(plain.out()).contains("0-5\t대한민국의");
        Result missing = run("qa", "--model", qa.toString(), "--input", tmp.resolve("none.jsonl").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("cannot read").contains("none.jsonl: no such file or directory");
        // an empty context is an error, as transformers raises one
        Result empty = run("qa", "--model", qa.toString(), "--question", "수도는?", "--context", "");
        assertThat(empty.code()).isEqualTo(1);
        assertThat(empty.err().strip()).isEqualTo("deberta4j qa: arguments: `context` cannot be empty");
        Result zero = run("qa", "--model", qa.toString(), "--top-k", "0", "--question", "수도는?", "--context", "서울");
        assertThat(zero.code()).isEqualTo(2);
        assertThat(zero.err()).contains("--top-k must be at least 1, found 0").doesNotContain("topK");
    }

    @Test
    void badInputFilesAreOneLineErrorsNamingFileAndLine() throws IOException {
        Path invalid = tmp.resolve("bad.txt");
        Files.write(invalid, new byte[]{'o', 'k', '\n', (byte) 0xFF, (byte) 0xFE, ' ', 'x', '\n'});
        Result utf8 = run("classify", "--input", invalid.toString());
        assertThat(utf8.code()).isEqualTo(1);
        assertThat(utf8.err().strip()).doesNotContain("\n")
                .startsWith("deberta4j classify: " + invalid + ": line 2: not valid UTF-8");

        Path mixed = Files.writeString(tmp.resolve("mixed.jsonl"), "{\"text\": \"좋다\"}\nnot json\n");
        Result jsonl = run("classify", "--input", mixed.toString());
        assertThat(jsonl.code()).isEqualTo(1);
        assertThat(jsonl.err().strip()).doesNotContain("\n").contains(mixed + ":2: not valid JSON");
        Path named = Files.writeString(tmp.resolve("texts.jsonl"), "plain text\n");
        assertThat(run("classify", "--input", named.toString()).err()).contains("texts.jsonl:1: not valid JSON");

        Result zero = run("classify", "--top-k", "0", "좋다");
        assertThat(zero.code()).isEqualTo(2);
        assertThat(zero.err().strip()).isEqualTo("deberta4j classify: --top-k must be at least 1, found 0 "
                + "(see 'deberta4j classify --help')");

        Path base = model("base", HeadType.BASE, null, Map.of(), w -> { });
        Path nowhere = tmp.resolve("no-such-dir").resolve("e.npy");
        Result write = run("embed", "--model", base.toString(), "--output", nowhere.toString(), "하나");
        assertThat(write.code()).isEqualTo(1);
        assertThat(write.err()).contains("cannot write " + nowhere + ": no such file or directory");
    }

    @Test
    void inputDashReadsStandardInput() {
        java.io.InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream("이 영화 정말 재밌어요\n정말 지루하고 재미없는 영화\n"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            Result r = run("classify", "--input", "-");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out().lines().toList()).hasSize(2);
            assertThat(r.out()).startsWith("positive\t");
        } finally {
            System.setIn(stdin);
        }
    }
}
