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

        // the columns come from the model's training_columns.json
        CliRun e = run("evaluate", "--model", out.toString(), "--data", data.toString(), "--json");
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
        assertThat(f.code()).as(f.err()).isEqualTo(1);
        assertThat(f.err()).containsPattern("deberta4j finetune: stopped: .*step \\d+");
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

    @Test
    void labelsNamesOutputFolderAndFileModesAreTheUsersOwn() throws IOException {
        Path init = tmp.resolve("init");
        assertThat(run("init", "--config", config().toString(), "--tokenizer", UNIGRAM.toString(),
                "--output", init.toString()).code()).isZero();
        Path data = data();
        Path out = tmp.resolve("out");
        String[] oneEpoch = {"--train", data.toString(), "--task", "single", "--text-column", "document",
                "--label-column", "label", "--epochs", "1", "--batch-size", "16", "--max-length", "16"};
        CliRun f = run(concat(new String[]{"finetune", "--model", init.toString(), "--output", out.toString()}, oneEpoch));
        assertThat(f.code()).as(f.err()).isZero();
        // no --labels, a backbone without label names: the data's own values
        assertThat(JSON.readTree(out.resolve("config.json").toFile()).path("id2label").path("1").asText()).isEqualTo("1");
        // written with the umask's mode, as a file created here (not createTempFile's 0600)
        Path probe = Files.createFile(tmp.resolve("probe"));
        assertThat(Files.getPosixFilePermissions(out.resolve("model.safetensors")))
                .isEqualTo(Files.getPosixFilePermissions(probe));

        // a non-empty --output is refused unless --resume or --overwrite
        CliRun again = run(concat(new String[]{"finetune", "--model", init.toString(), "--output", out.toString()}, oneEpoch));
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err().strip()).doesNotContain("\n").contains("--output " + out + " is not empty")
                .contains("--resume").contains("--overwrite");

        // ids 0/1 on a model that names its labels keep the names
        Path named = tmp.resolve("named");
        Files.createDirectories(named);
        for (String file : new String[]{"model.safetensors", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"}) {
            if (Files.exists(out.resolve(file))) Files.copy(out.resolve(file), named.resolve(file));
        }
        Files.writeString(named.resolve("config.json"), Files.readString(out.resolve("config.json"))
                .replace("\"0\" : \"0\"", "\"0\" : \"negative\"").replace("\"1\" : \"1\"", "\"1\" : \"positive\"")
                .replace("\"0\" : 0", "\"negative\" : 0").replace("\"1\" : 1", "\"positive\" : 1"));
        Path out2 = tmp.resolve("out2");
        CliRun g = run(concat(new String[]{"finetune", "--model", named.toString(), "--output", out2.toString()}, oneEpoch));
        assertThat(g.code()).as(g.err()).isZero();
        assertThat(JSON.readTree(out2.resolve("config.json").toFile()).path("id2label").path("1").asText()).isEqualTo("positive");
        CliRun overwrite = run(concat(new String[]{"finetune", "--model", named.toString(), "--output", out2.toString(),
                "--overwrite"}, oneEpoch));
        assertThat(overwrite.code()).as(overwrite.err()).isZero();

        // evaluate without columns on a model that does not name its training columns: a clear usage error
        CliRun e = run("evaluate", "--model", named.toString(), "--data", data.toString());
        assertThat(e.code()).isEqualTo(2);
        assertThat(e.err()).contains("give --text-column and --label-column").contains("training_columns.json");
    }

    @Test
    void invalidUtf8InTrainingDataIsAnErrorNamingFileAndLine() throws IOException {
        Path init = tmp.resolve("init");
        assertThat(run("init", "--config", config().toString(), "--tokenizer", UNIGRAM.toString(),
                "--output", init.toString()).code()).isZero();
        Path bad = tmp.resolve("bad.csv");
        Files.write(bad, concatBytes("document,label\n좋아요,1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                new byte[]{(byte) 0xC3, 0x28, ',', '0', '\n'}));
        CliRun f = run("finetune", "--model", init.toString(), "--train", bad.toString(), "--task", "single",
                "--text-column", "document", "--label-column", "label", "--output", tmp.resolve("out").toString());
        assertThat(f.code()).isEqualTo(1);
        assertThat(f.err().strip()).doesNotContain("\n").contains("bad.csv: line 3: not valid UTF-8");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static byte[] concatBytes(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

}
