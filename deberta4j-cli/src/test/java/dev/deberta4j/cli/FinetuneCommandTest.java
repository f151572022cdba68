package dev.deberta4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** init, finetune and evaluate end to end on a tiny model and a tiny separable sentiment file. */
class FinetuneCommandTest {
    private static final Path UNIGRAM = Path.of("../deberta4j-core/src/test/resources/tokenizers/ko-unigram-8k");
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path tmp;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private Path config() throws IOException {
        return Files.writeString(tmp.resolve("tiny.json"), """
                {"model_type": "deberta-v2", "vocab_size": 8000, "hidden_size": 16, "num_hidden_layers": 1,
                 "num_attention_heads": 2, "intermediate_size": 32, "max_position_embeddings": 64,
                 "type_vocab_size": 0, "relative_attention": true, "position_buckets": 16,
                 "norm_rel_ebd": "layer_norm", "share_att_key": true, "pos_att_type": "p2c|c2p",
                 "position_biased_input": false, "layer_norm_eps": 1e-7}
                """);
    }

    private Path data() throws IOException {
        StringBuilder sb = new StringBuilder("document,label\n");
        String[] good = {"정말 재밌어요", "최고의 영화", "너무 재밌다", "연기가 최고"};
        String[] bad = {"너무 지루해요", "별로였다", "시간 아까움", "최악의 영화"};
        for (int i = 0; i < 16; i++) sb.append(good[i % 4]).append(",1\n").append(bad[i % 4]).append(",0\n");
        return Files.writeString(tmp.resolve("data.csv"), sb.toString());
    }

    @Test
    void initFinetuneAndEvaluate() throws IOException {
        Path init = tmp.resolve("init");
        CliRun i = run("init", "--config", config().toString(), "--tokenizer", UNIGRAM.toString(), "--output", init.toString());
        assertThat(i.code()).as(i.err()).isZero();
        JsonNode initConfig = JSON.readTree(init.resolve("config.json").toFile());
        assertThat(initConfig.path("architectures").get(0).asText()).isEqualTo("DebertaV2Model");
        assertThat(init.resolve("tokenizer.json")).exists();

        Path out = tmp.resolve("out");
        Path data = data();
        CliRun f = run("finetune", "--model", init.toString(), "--train", data.toString(), "--eval", data.toString(),
                "--task", "single", "--text-column", "document", "--label-column", "label",
                "--labels", "negative,positive", "--epochs", "10", "--lr", "3e-3", "--batch-size", "4",
                "--max-length", "16", "--warmup-ratio", "0.1", "--weight-decay", "0.01", "--seed", "1",
                "--output", out.toString());
        assertThat(f.code()).as(f.err()).isZero();
        assertThat(f.err()).contains("train").contains("steps").contains("loss").contains("[eval] step 80, epoch 10");
        assertThat(out.resolve("metrics.jsonl")).exists();
        byte[] png = Files.readAllBytes(out.resolve("training-curves.png"));
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        JsonNode config = JSON.readTree(out.resolve("config.json").toFile());
        assertThat(config.path("id2label").path("1").asText()).isEqualTo("positive");

        CliRun e = run("evaluate", "--model", out.toString(), "--data", data.toString(), "--text-column", "document", "--json");
        assertThat(e.code()).as(e.err()).isZero();
        JsonNode metrics = JSON.readTree(e.out());
        assertThat(metrics.path("examples").asInt()).isEqualTo(32);
        assertThat(metrics.path("accuracy").asDouble()).isGreaterThanOrEqualTo(0.9);
        assertThat(metrics.has("macro_f1")).isTrue();
        // the kept model's score is the best one logged
        double bestLogged = Files.readAllLines(out.resolve("metrics.jsonl")).stream().map(FinetuneCommandTest::parse)
                .filter(n -> n.path("type").asText().equals("eval")).mapToDouble(n -> n.path("accuracy").asDouble())
                .max().orElseThrow();
        assertThat(metrics.path("accuracy").asDouble()).isEqualTo(bestLogged);
    }

    @Test
    void aDivergingRunStopsNamingTheStep() throws IOException {
        Path init = tmp.resolve("init");
        assertThat(run("init", "--config", config().toString(), "--tokenizer", UNIGRAM.toString(),
                "--output", init.toString()).code()).isZero();
        CliRun f = run("finetune", "--model", init.toString(), "--train", data().toString(), "--task", "single",
                "--text-column", "document", "--label-column", "label", "--epochs", "3", "--lr", "1e30",
                "--batch-size", "8", "--output", tmp.resolve("out").toString());
        assertThat(f.code()).as(f.err()).isEqualTo(2);
        assertThat(f.err()).containsPattern("stopped: .*step \\d+");
    }

    @Test
    void badColumnsAreNamedWithTheColumnsTheFileHas() throws IOException {
        Path init = tmp.resolve("init");
        assertThat(run("init", "--config", config().toString(), "--tokenizer", UNIGRAM.toString(),
                "--output", init.toString()).code()).isZero();
        CliRun f = run("finetune", "--model", init.toString(), "--train", data().toString(), "--task", "single",
                "--text-column", "review", "--label-column", "label", "--output", tmp.resolve("out").toString());
        assertThat(f.code()).isEqualTo(1);
        assertThat(f.err()).contains("data.csv").contains("no column \"review\"").contains("[document, label]");
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

}
