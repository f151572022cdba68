package dev.deberta4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** deberta4j pretrain end to end on 2 MB of Korean text with a tiny model; kill -9 and resume bit for bit. */
class PretrainCommandTest {
    private static final Path UNIGRAM = Path.of("../deberta4j-core/src/test/resources/tokenizers/ko-unigram-8k");
    private static final Path KO_2MB = Path.of("src/test/resources/pretrain/ko-2mb.txt.gz");
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path tmp;

    private Path config() throws IOException {
        return Files.writeString(tmp.resolve("tiny.json"), """
                {"model_type": "deberta-v2", "vocab_size": 8000, "hidden_size": 32, "num_hidden_layers": 2,
                 "num_attention_heads": 2, "intermediate_size": 64, "max_position_embeddings": 128,
                 "type_vocab_size": 0, "relative_attention": true, "position_buckets": 32,
                 "norm_rel_ebd": "layer_norm", "share_att_key": true, "pos_att_type": "p2c|c2p",
                 "position_biased_input": false, "layer_norm_eps": 1e-7, "pad_token_id": 0}
                """);
    }

    /** A tiny ELECTRA discriminator (embedding_size below hidden_size as in ELECTRA-small); its generator: hidden 8. */
    private Path electraConfig() throws IOException {
        return Files.writeString(tmp.resolve("tiny-electra.json"), """
                {"model_type": "electra", "vocab_size": 8000, "embedding_size": 16, "hidden_size": 32,
                 "num_hidden_layers": 2, "num_attention_heads": 2, "intermediate_size": 64,
                 "max_position_embeddings": 128, "type_vocab_size": 2, "pad_token_id": 0}
                """);
    }

    private static List<JsonNode> metrics(Path run) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) out.add(JSON.readTree(line));
        return out;
    }

    private static double mean(List<JsonNode> lines, String field) {
        return lines.stream().mapToDouble(n -> n.path(field).asDouble()).average().orElseThrow();
    }

    @Test
    void pretrainsATinyModelOnTwoMegabytesOfKoreanAndTheRtdLossFalls() throws IOException {
        Path out = tmp.resolve("run");
        CliRun r = CliRun.of("pretrain", "--corpus", KO_2MB.toString(), "--tokenizer", UNIGRAM.toString(),
                "--config", config().toString(), "--output", out.toString(), "--max-seq-length", "64",
                "--batch-size", "8", "--max-steps", "60", "--lr", "3e-3", "--warmup-steps", "6",
                "--save-steps", "30", "--seed", "7");
        assertRtdLossFalls(r, out);
        assertThat(Files.readString(out.resolve("discriminator/config.json"))).contains("DebertaV2Model");

        // A second run over the same corpus reuses the cache; --prepare-only stops there.
        CliRun again = CliRun.of("pretrain", "--corpus", KO_2MB.toString(), "--tokenizer", UNIGRAM.toString(),
                "--config", config().toString(), "--output", out.toString(), "--max-seq-length", "64",
                "--max-steps", "1", "--prepare-only");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.err()).contains("token cache: reusing");
    }

    @Test
    void pretrainsATinyElectraPairAndItsRtdLossFalls() throws IOException {
        Path out = tmp.resolve("electra");
        CliRun r = CliRun.of("pretrain", "--architecture", "electra", "--corpus", KO_2MB.toString(), "--tokenizer",
                UNIGRAM.toString(), "--config", electraConfig().toString(), "--output", out.toString(),
                "--max-seq-length", "64", "--batch-size", "8", "--max-steps", "60", "--lr", "3e-3", "--warmup-steps",
                "6", "--save-steps", "30", "--seed", "7");
        assertRtdLossFalls(r, out);
        assertThat(Files.readString(out.resolve("discriminator/config.json"))).contains("ElectraForPreTraining");
        assertThat(Files.readString(out.resolve("generator/config.json"))).contains("ElectraForMaskedLM")
                .contains("\"hidden_size\" : 8");
    }

    private static void assertRtdLossFalls(CliRun r, Path out) throws IOException {
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("token cache:").contains("pretrain").contains("tok/s").contains("rtd")
                .contains("exported");
        List<JsonNode> lines = metrics(out);
        assertThat(lines).hasSize(60);
        assertThat(lines.getLast().path("step").asLong()).isEqualTo(60);
        double rtdStart = mean(lines.subList(0, 20), "rtd_loss");
        double rtdEnd = mean(lines.subList(40, 60), "rtd_loss");
        assertThat(rtdEnd).as("RTD loss, first 20 steps %.4f, last 20 %.4f", rtdStart, rtdEnd).isLessThan(0.8 * rtdStart);
        double wall = 0;
        for (JsonNode n : lines) {
            assertThat(n.path("wall_s").asDouble()).as("wall_s grows").isGreaterThan(wall);
            wall = n.path("wall_s").asDouble();
            assertThat(n.path("tokens_per_s").asDouble()).isPositive();
            assertThat(n.path("tokens").asLong()).isEqualTo(n.path("step").asLong() * 8 * 64);
            assertThat(n.path("replaced_fraction").asDouble()).isBetween(0.0, 1.0);
            assertThat(n.path("rtd_precision").asDouble()).isBetween(0.0, 1.0);
        }
        assertThat(Files.readAllBytes(out.resolve("training-curves.png"))).startsWith(0x89, 'P', 'N', 'G');
        assertThat(out.resolve("token-cache/tokens.bin")).exists();
        assertThat(out.resolve("checkpoint/pretrain_state.json")).exists();
        assertThat(out.resolve("discriminator/config.json")).exists();
        assertThat(out.resolve("discriminator/tokenizer.json")).exists();
        assertThat(out.resolve("generator/config.json")).exists();
    }

    /** metrics.jsonl without its timing fields, the only ones that differ between a run and its resumed twin. */
    private static List<String> withoutTiming(Path run) throws IOException {
        List<String> out = new ArrayList<>();
        for (JsonNode n : metrics(run)) {
            assertThat(n.path("wall_s").asDouble()).isPositive();
            assertThat(n.path("tokens_per_s").asDouble()).isPositive();
            ((com.fasterxml.jackson.databind.node.ObjectNode) n).remove(List.of("wall_s", "tokens_per_s"));
            out.add(n.toString());
        }
        return out;
    }

    /** The first lines of the 2 MB corpus: enough for a short run, quick to tokenise in a child JVM. */
    private Path smallCorpus() throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(KO_2MB)), StandardCharsets.UTF_8))) {
            for (String line; lines.size() < 200 && (line = in.readLine()) != null; ) lines.add(line);
        }
        return Files.write(tmp.resolve("small.txt"), lines);
    }

    private List<String> args(Path corpus, Path config, Path out, boolean resume) {
        List<String> a = new ArrayList<>(List.of("pretrain", "--architecture", architecture, "--corpus", corpus.toString(), "--tokenizer",
                UNIGRAM.toString(), "--config", config.toString(), "--output", out.toString(), "--max-seq-length",
                "32", "--batch-size", "4", "--grad-accum", "2", "--max-steps", "40", "--lr", "1e-3",
                "--warmup-steps", "5", "--save-steps", "3", "--seed", "11", "--mask-replace", "80-10-10"));
        if (resume) a.add("--resume");
        return a;
    }

    /** The same JVM flags as this test's JVM, running the CLI in a child process. */
    private static ProcessBuilder childJvm(List<String> cliArgs, Path log) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-Xmx") && !a.startsWith("-agentlib") && !a.startsWith("-javaagent")) cmd.add(a);
        }
        cmd.add("-Xmx1g");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(cliArgs);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    }

    private String architecture = "deberta";

    @ParameterizedTest
    @ValueSource(strings = {"deberta", "electra"})
    void killedWithSigkillMidRunThenResumedRepeatsTheUninterruptedRunBitForBit(String arch) throws Exception {
        architecture = arch;
        Path corpus = smallCorpus();
        Path config = arch.equals("electra") ? electraConfig() : config();
        Path straight = tmp.resolve("straight");
        CliRun s = CliRun.of(args(corpus, config, straight, false).toArray(String[]::new));
        assertThat(s.code()).as(s.err()).isZero();

        Path killed = tmp.resolve("killed");
        Process child = childJvm(args(corpus, config, killed, false), tmp.resolve("child.log")).start();
        Path metrics = killed.resolve("metrics.jsonl");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        // Kill between checkpoints, a few steps in: the steps after the last checkpoint are lost and redone.
        while (child.isAlive() && System.nanoTime() < deadline
                && (!Files.exists(metrics) || Files.readAllLines(metrics).size() < 17)) {
            Thread.sleep(20);
        }
        assertThat(child.isAlive()).as("the child finished before it could be killed: %s",
                Files.readString(tmp.resolve("child.log"))).isTrue();
        child.destroyForcibly();   // SIGKILL
        child.waitFor();
        assertThat(Files.readAllLines(metrics).size()).isLessThan(40);
        // The curves were drawn at the first checkpoint (and not again within a minute): the killed run keeps them.
        BufferedImage curves = ImageIO.read(killed.resolve("training-curves.png").toFile());
        assertThat(curves).isNotNull();
        assertThat(curves.getWidth()).isEqualTo(1600);

        // The killed run's last checkpoint can be exported (and the run resumed afterwards).
        List<String> export = new ArrayList<>(args(corpus, config, killed, false));
        export.add("--export-checkpoint");
        CliRun exported = CliRun.of(export.toArray(String[]::new));
        assertThat(exported.code()).as(exported.err()).isZero();
        assertThat(exported.err()).containsPattern("exported the checkpoint of step (3|6|9|12|15|18) to ");
        assertThat(killed.resolve("discriminator/model.safetensors")).exists();
        assertThat(killed.resolve("generator/config.json")).exists();

        // Exporting the finished run's checkpoint writes the same bytes as the run's own export.
        byte[] straightWeights = Files.readAllBytes(straight.resolve("discriminator/model.safetensors"));
        Files.delete(straight.resolve("discriminator/model.safetensors"));
        List<String> exportStraight = new ArrayList<>(args(corpus, config, straight, false));
        exportStraight.add("--export-checkpoint");
        CliRun again = CliRun.of(exportStraight.toArray(String[]::new));
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.err()).contains("exported the checkpoint of step 40 to ");
        assertThat(Files.readAllBytes(straight.resolve("discriminator/model.safetensors"))).isEqualTo(straightWeights);

        CliRun resumed = CliRun.of(args(corpus, config, killed, true).toArray(String[]::new));
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(withoutTiming(killed)).isEqualTo(withoutTiming(straight));
        assertThat(Files.readAllBytes(killed.resolve("discriminator/model.safetensors")))
                .isEqualTo(Files.readAllBytes(straight.resolve("discriminator/model.safetensors")));
    }

    /**
     * A 6-step run (checkpoints at 3 and 6) with options replaced, added or removed: name, value, ... where a value
     * "" adds a flag and null removes the option.
     */
    private CliRun shortRun(Path corpus, Path out, String... changes) throws IOException {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("--corpus", corpus.toString());
        o.put("--tokenizer", UNIGRAM.toString());
        o.put("--config", config().toString());
        o.put("--output", out.toString());
        o.put("--max-seq-length", "32");
        o.put("--batch-size", "4");
        o.put("--max-steps", "6");
        o.put("--lr", "1e-3");
        o.put("--warmup-steps", "2");
        o.put("--save-steps", "3");
        o.put("--seed", "11");
        o.put("--mask-replace", "80-10-10");
        for (int i = 0; i < changes.length; i += 2) {
            if (changes[i + 1] == null) o.remove(changes[i]); else o.put(changes[i], changes[i + 1]);
        }
        List<String> a = new ArrayList<>(List.of("pretrain"));
        o.forEach((k, v) -> {
            a.add(k);
            if (!v.isEmpty()) a.add(v);   // "" marks a flag
        });
        return CliRun.of(a.toArray(String[]::new));
    }

    @Test
    void resumeRefusesChangedRunOptionsInOneLineAndExtendsTheRunWithALongerLength() throws IOException {
        Path corpus = smallCorpus();
        Path out = tmp.resolve("run");
        CliRun first = shortRun(corpus, out);
        assertThat(first.code()).as(first.err()).isZero();
        List<String> sixSteps = Files.readAllLines(out.resolve("metrics.jsonl"));
        String state = out.resolve("checkpoint/pretrain_state.json").toString();
        String model = out.resolve("checkpoint/model").toString();

        Path tinyWide = Files.writeString(tmp.resolve("tiny-wide.json"), Files.readString(config())
                .replace("\"intermediate_size\": 64", "\"intermediate_size\": 128"));
        Path generator = Files.copy(config(), tmp.resolve("generator.json"));   // 2 layers, the default has 1
        Map<List<String>, String> refused = new LinkedHashMap<>();
        refused.put(List.of("--architecture", "electra", "--config", electraConfig().toString()),
                model + ": cannot resume: model_type is deberta-v2 in the checkpoint, electra given (--architecture)");
        refused.put(List.of("--lr", "2e-3"), state + ": cannot resume: lr is 0.001 in the checkpoint, 0.002 given (--lr)");
        refused.put(List.of("--seed", "12"), state + ": cannot resume: seed is 11 in the checkpoint, 12 given (--seed)");
        refused.put(List.of("--batch-size", "2"),
                state + ": cannot resume: batch_size is 4 in the checkpoint, 2 given (--batch-size)");
        refused.put(List.of("--max-seq-length", "16"),
                state + ": cannot resume: max_seq_length is 32 in the checkpoint, 16 given (--max-seq-length)");
        refused.put(List.of("--grad-accum", "2"),
                state + ": cannot resume: grad_accum is 1 in the checkpoint, 2 given (--grad-accum)");
        refused.put(List.of("--warmup-steps", "3"),
                state + ": cannot resume: warmup_steps is 2 in the checkpoint, 3 given (--warmup-steps)");
        refused.put(List.of("--mask-replace", "100-0-0"),
                state + ": cannot resume: mask_replace is 0.8/0.1 in the checkpoint, 1.0/0.0 given (--mask-replace)");
        refused.put(List.of("--rtd-weight", "10"),
                model + ": cannot resume: rtd_weight is 50.0 in the checkpoint, 10.0 given (--rtd-weight)");
        refused.put(List.of("--emd", ""), model + ": cannot resume: emd is false in the checkpoint, true given (--emd)");
        refused.put(List.of("--config", tinyWide.toString()), model + ": cannot resume: the discriminator's "
                + "intermediate_size is 64 in the checkpoint, 128 given (--config or --model)");
        refused.put(List.of("--generator-config", generator.toString()), model + ": cannot resume: the generator's "
                + "num_hidden_layers is 1 in the checkpoint, 2 given (--generator, --generator-config or "
                + "--generator-hidden-fraction)");
        refused.put(List.of("--max-steps", "5"), state + ": cannot resume: the run's length is 5 steps (--max-steps "
                + "or --max-tokens), below the checkpoint's step 6");
        for (Map.Entry<List<String>, String> c : refused.entrySet()) {
            List<String> changes = new ArrayList<>(c.getKey());
            changes.addAll(List.of("--resume", ""));
            CliRun r = shortRun(corpus, out, changes.toArray(String[]::new));
            assertThat(r.code()).as("%s: %s", c.getKey(), r.err()).isEqualTo(1);
            assertThat(r.err().strip().lines().toList().getLast()).as("%s", c.getKey())
                    .isEqualTo("deberta4j pretrain: " + c.getValue());
            assertThat(r.err()).doesNotContain("\tat ");
        }
        byte[] cache = Files.readAllBytes(out.resolve("token-cache/tokens.bin"));
        Path otherCorpus = Files.write(tmp.resolve("other.txt"), Files.readAllLines(corpus).subList(0, 100));
        CliRun corpusChanged = shortRun(corpus, out, "--corpus", otherCorpus.toString(), "--resume", "");
        assertThat(corpusChanged.code()).isEqualTo(1);
        assertThat(corpusChanged.err().strip()).startsWith("deberta4j pretrain: " + state + ": cannot resume: "
                + "token_cache_key is ").endsWith(" (the corpus, tokenizer or --max-seq-length changed)");
        assertThat(out.resolve("token-cache/tokens.bin")).as("not rebuilt").hasBinaryContent(cache);
        assertThat(Files.readAllLines(out.resolve("metrics.jsonl"))).as("refused resumptions change nothing")
                .isEqualTo(sixSteps);

        // A longer length (--max-tokens too) and other --save-steps extend the run from its checkpoint.
        CliRun extended = shortRun(corpus, out, "--max-steps", null, "--max-tokens", String.valueOf(9 * 4 * 32),
                "--save-steps", "2", "--resume", "");
        assertThat(extended.code()).as(extended.err()).isZero();
        List<JsonNode> lines = metrics(out);
        assertThat(lines).extracting(n -> n.path("step").asLong()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(Files.readAllLines(out.resolve("metrics.jsonl")).subList(0, 6)).isEqualTo(sixSteps);
        // From step 7 on the learning rate follows the 9-step schedule: 1e-3 decaying linearly from step 2 to 0 at 9.
        assertThat(lines.get(6).path("learning_rate").asDouble()).isCloseTo(1e-3 * 3 / 7, within(1e-12));
        assertThat(Files.readString(out.resolve("checkpoint/pretrain_state.json"))).contains("\"step\" : 9");
        // The resumed session's wall time goes on from the checkpoint's, not from 0.
        assertThat(lines.get(6).path("wall_s").asDouble()).isGreaterThan(lines.get(5).path("wall_s").asDouble());
    }

    @Test
    void aRunContinuedFromAnExportResumesWithTheSameOptions() throws IOException {
        Path corpus = smallCorpus();
        Path first = tmp.resolve("first");
        assertThat(shortRun(corpus, first).code()).isZero();
        Path second = tmp.resolve("second");
        String[] fromExport = {"--config", null, "--model", first.resolve("discriminator").toString(), "--generator",
                first.resolve("generator").toString(), "--max-steps", "3"};
        CliRun started = shortRun(corpus, second, fromExport);
        assertThat(started.code()).as(started.err()).isZero();
        List<String> resumed = new ArrayList<>(Arrays.asList(fromExport));
        resumed.addAll(List.of("--max-steps", "4", "--resume", ""));
        CliRun r = shortRun(corpus, second, resumed.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(metrics(second)).hasSize(4);
    }

    @Test
    void badOptionsGetOneLineErrors() throws IOException {
        Path out = tmp.resolve("bad");
        Path corpus = Files.writeString(tmp.resolve("c.txt"), "한국어 문장 하나\n둘째 문장\n");
        CliRun noLength = CliRun.of("pretrain", "--corpus", corpus.toString(), "--tokenizer", UNIGRAM.toString(),
                "--config", config().toString(), "--output", out.toString());
        assertThat(noLength.code()).isNotZero();
        assertThat(noLength.err()).contains("--max-steps").contains("--max-tokens");

        CliRun badMask = CliRun.of("pretrain", "--corpus", corpus.toString(), "--tokenizer", UNIGRAM.toString(),
                "--config", config().toString(), "--output", out.toString(), "--max-steps", "5", "--mask-replace", "90-20-0");
        assertThat(badMask.code()).isEqualTo(1);
        assertThat(badMask.err().strip()).isEqualTo("deberta4j pretrain: --mask-replace: expected MASK-RANDOM-KEEP "
                + "percentages summing to 100 (e.g. 100-0-0 or 80-10-10), found \"90-20-0\"");

        Path small = Files.writeString(tmp.resolve("small-vocab.json"), Files.readString(config())
                .replace("\"vocab_size\": 8000", "\"vocab_size\": 100"));
        CliRun vocab = CliRun.of("pretrain", "--corpus", corpus.toString(), "--tokenizer", UNIGRAM.toString(),
                "--config", small.toString(), "--output", out.toString(), "--max-steps", "5");
        assertThat(vocab.code()).isEqualTo(1);
        assertThat(vocab.err()).contains("vocab_size 100").contains("8000").doesNotContain("\tat ");

        CliRun missing = CliRun.of("pretrain", "--corpus", tmp.resolve("nope.txt").toString(), "--tokenizer",
                UNIGRAM.toString(), "--config", config().toString(), "--output", out.toString(), "--max-steps", "5");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("nope.txt: no such file or directory");

        CliRun warm = CliRun.of("pretrain", "--corpus", corpus.toString(), "--tokenizer", UNIGRAM.toString(),
                "--config", config().toString(), "--output", out.toString(), "--max-steps", "5", "--warmup-steps", "9");
        assertThat(warm.code()).isEqualTo(1);
        assertThat(warm.err()).contains("--warmup-steps must be in [0, 5]");

        CliRun resume = CliRun.of("pretrain", "--corpus", corpus.toString(), "--tokenizer", UNIGRAM.toString(),
                "--config", config().toString(), "--output", tmp.resolve("never").toString(), "--max-steps", "5",
                "--resume");
        assertThat(resume.code()).isEqualTo(1);
        assertThat(resume.err()).contains("checkpoint");

        CliRun generator = CliRun.of("pretrain", "--corpus", corpus.toString(), "--tokenizer", UNIGRAM.toString(),
                "--config", config().toString(), "--generator", tmp.toString(), "--output", out.toString(),
                "--max-steps", "5");
        assertThat(generator.code()).isEqualTo(1);
        assertThat(generator.err().strip()).isEqualTo("deberta4j pretrain: --generator needs --model and excludes "
                + "--generator-config");

        CliRun mismatch = CliRun.of("pretrain", "--architecture", "electra", "--corpus", corpus.toString(),
                "--tokenizer", UNIGRAM.toString(), "--config", config().toString(), "--output", out.toString(),
                "--max-steps", "5");
        assertThat(mismatch.code()).isEqualTo(1);
        assertThat(mismatch.err().strip()).endsWith("tiny.json: --architecture electra pre-trains model_type "
                + "electra, the config has model_type deberta-v2");
        CliRun unknown = CliRun.of("pretrain", "--architecture", "bert", "--corpus", corpus.toString(),
                "--tokenizer", UNIGRAM.toString(), "--config", config().toString(), "--output", out.toString(),
                "--max-steps", "5");
        assertThat(unknown.err().strip()).isEqualTo("deberta4j pretrain: --architecture: expected deberta or "
                + "electra, found \"bert\"");
        CliRun fraction = CliRun.of("pretrain", "--corpus", corpus.toString(), "--tokenizer", UNIGRAM.toString(),
                "--config", config().toString(), "--output", out.toString(), "--max-steps", "5",
                "--generator-hidden-fraction", "0.5");
        assertThat(fraction.code()).isEqualTo(1);
        assertThat(fraction.err()).contains("--generator-hidden-fraction needs --architecture electra");
    }
}
