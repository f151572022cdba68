package dev.deberta4j.finetune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.data.DataFiles;
import dev.deberta4j.io.SafetensorsFile;
import dev.deberta4j.model.DebertaModel;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.ParameterLayout;
import dev.deberta4j.model.WeightInitializer;
import dev.deberta4j.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A whole run from a backbone-only directory (fresh head) on a tiny separable sentiment task: the output is a
 * Hugging Face model directory that reloads with the logged metrics, the run learns, and a resumed run continues.
 */
public class FineTuningTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path dir;

    public static Path tokenizerDir() {
        try {
            return Path.of(FineTuningTest.class.getResource("/tokenizers/ko-unigram-8k").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static DebertaConfig tinyV3() {
        return DebertaConfig.parse("""
                {"model_type": "deberta-v2", "vocab_size": 8000, "hidden_size": 16, "num_hidden_layers": 1,
                 "num_attention_heads": 2, "intermediate_size": 32, "hidden_act": "gelu",
                 "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1, "max_position_embeddings": 64,
                 "type_vocab_size": 0, "initializer_range": 0.02, "layer_norm_eps": 1e-7,
                 "relative_attention": true, "max_relative_positions": -1, "position_buckets": 16,
                 "norm_rel_ebd": "layer_norm", "share_att_key": true, "pos_att_type": "p2c|c2p",
                 "position_biased_input": false, "pad_token_id": 0, "pooler_hidden_size": 16}
                """);
    }

    /** A backbone-only model directory (DebertaV2Model) with the ko-unigram-8k tokenizer. */
    public static Path backbone(Path dir) {
        Path model = dir.resolve("backbone");
        ModelDirectory.write(model, tinyV3(), HeadType.BASE, WeightInitializer.initialise(tinyV3(), HeadType.BASE, 3),
                tokenizerDir());
        return model;
    }

    /** 48 reviews: label 1 iff the review praises (재밌 / 최고), phrased a few ways. */
    static Path sentimentTsv(Path dir) throws IOException {
        String[] good = {"정말 재밌어요", "최고의 영화", "너무 재밌다", "연기가 최고", "재밌게 봤어요", "최고 최고"};
        String[] bad = {"너무 지루해요", "별로였다", "시간 아까움", "지루하고 별로", "최악의 영화", "돈 아깝다"};
        StringBuilder sb = new StringBuilder("id\tdocument\tlabel\n");
        for (int i = 0; i < 24; i++) {
            sb.append(2 * i).append('\t').append(good[i % good.length]).append(i % 4 == 0 ? "!" : "").append("\t1\n");
            sb.append(2 * i + 1).append('\t').append(bad[i % bad.length]).append(i % 3 == 0 ? "." : "").append("\t0\n");
        }
        return Files.writeString(dir.resolve("train.tsv"), sb.toString());
    }

    private static FineTuning run(Path model, Path data, Path output, int epochs) {
        DebertaConfig base = DebertaConfig.load(model);
        LabelSet labels = new LabelSet(List.of("negative", "positive"));
        TaskColumns columns = new TaskColumns("document", null, "label");
        Tokenizer tokenizer = Tokenizer.load(model);
        TaskExamples examples = TaskExamples.encode(DataFiles.read(data), TextTask.SINGLE, columns, labels, tokenizer, 32);
        FineTuneOptions options = new FineTuneOptions(epochs, 8, 3e-3, 0.1, 0.01, 32, 7, 0, 0, 16, 1.0);
        return new FineTuning(model, ModelDirectory.taskConfig(base, TextTask.SINGLE, labels), TextTask.SINGLE,
                examples, examples, options, output);
    }

    @Test
    void trainsAHeadOnABackboneAndWritesAModelDirectoryThatReloadsWithTheLoggedMetrics() throws IOException {
        Path model = backbone(dir);
        Path data = sentimentTsv(dir);
        Path out = dir.resolve("out");
        FineTuning run = run(model, data, out, 8);
        run.run(false, new FineTuneListener() { });

        JsonNode config = JSON.readTree(out.resolve("config.json").toFile());
        assertThat(config.path("model_type").asText()).isEqualTo("deberta-v2");
        assertThat(config.path("architectures").get(0).asText()).isEqualTo("DebertaV2ForSequenceClassification");
        assertThat(config.path("problem_type").asText()).isEqualTo("single_label_classification");
        assertThat(config.path("id2label").toString()).isEqualTo("{\"0\":\"negative\",\"1\":\"positive\"}");
        assertThat(config.path("label2id").toString()).isEqualTo("{\"negative\":0,\"positive\":1}");
        for (String f : List.of("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "spm.model")) {
            assertThat(out.resolve(f)).hasSameBinaryContentAs(tokenizerDir().resolve(f));
        }
        DebertaConfig written = DebertaConfig.load(out);
        Map<String, String> expected = new TreeMap<>();
        for (ParameterLayout.Entry e : ParameterLayout.of(written, HeadType.SEQUENCE_CLASSIFICATION).entries()) {
            if (!e.buffer()) expected.put(e.name(), "F32" + java.util.Arrays.toString(e.shape()));
        }
        try (SafetensorsFile f = SafetensorsFile.open(out.resolve("model.safetensors"))) {
            Map<String, String> actual = new TreeMap<>();
            for (String n : f.names()) actual.put(n, f.info(n).dtype() + java.util.Arrays.toString(f.info(n).shape()));
            assertThat(actual).isEqualTo(expected);
            assertThat(f.metadata()).containsEntry("format", "pt");
        }

        List<JsonNode> log = run.metricsLog().read();
        List<JsonNode> evals = log.stream().filter(n -> n.path("type").asText().equals("eval")).toList();
        assertThat(log).hasSize(8 * 6 + 8);
        assertThat(evals).hasSize(8);
        // the run learns the task
        assertThat(evals.getLast().path("accuracy").asDouble()).isGreaterThanOrEqualTo(0.9);
        assertThat(evals.getLast().path("loss").asDouble()).isLessThan(evals.getFirst().path("loss").asDouble());
        // the kept model is the first evaluation with the best accuracy, bit for bit
        JsonNode best = evals.stream().max(Comparator.comparingDouble((JsonNode n) -> n.path("accuracy").asDouble())
                .thenComparingLong(n -> -n.path("step").asLong())).orElseThrow();
        TaskExamples examples = TaskExamples.encode(DataFiles.read(data), TextTask.SINGLE,
                new TaskColumns("document", null, "label"), new LabelSet(List.of("negative", "positive")),
                Tokenizer.load(out), 32);
        Map<String, Double> reloaded = new Evaluator(16).evaluate(DebertaModel.load(out), examples, null);
        assertThat(reloaded.get("loss")).isEqualTo(best.path("loss").asDouble());
        assertThat(reloaded.get("accuracy")).isEqualTo(best.path("accuracy").asDouble());
    }

    @Test
    void aResumedRunLogsTheSameCurveAsAnUninterruptedOne() throws IOException {
        Path model = backbone(dir);
        Path data = sentimentTsv(dir);
        Path whole = dir.resolve("whole");
        run(model, data, whole, 2).run(false, new FineTuneListener() { });

        // Stop after the first epoch's checkpoint by failing in the listener, then resume.
        Path parts = dir.resolve("parts");
        FineTuning first = run(model, data, parts, 2);
        List<Long> saves = new ArrayList<>();
        assertThatThrownBy(() -> first.run(false, new FineTuneListener() {
            @Override
            public void stepped(dev.deberta4j.train.StepResult step) {
                if (step.step() == 8) throw new IllegalStateException("killed");
            }

            @Override
            public void saved(long step, Path checkpoint) {
                assertThat(checkpoint).isEqualTo(first.checkpointDir()).isDirectory();
                saves.add(step);
            }
        })).hasMessage("killed");
        assertThat(saves).as("the listener hears of each checkpoint (the CLI redraws its curves then)")
                .containsExactly(6L);
        run(model, data, parts, 2).run(true, new FineTuneListener() { });

        assertThat(Files.readAllLines(parts.resolve(FineTuning.METRICS_FILE)))
                .isEqualTo(Files.readAllLines(whole.resolve(FineTuning.METRICS_FILE)));
        assertThat(out(parts)).isEqualTo(out(whole));
    }

    private static byte[] out(Path dir) throws IOException {
        return Files.readAllBytes(dir.resolve("model.safetensors"));
    }

    @Test
    void regressionAndTokenTasksWriteTheirHeadsAndMetrics() throws IOException {
        Path model = backbone(dir);
        FineTuneOptions options = new FineTuneOptions(2, 4, 1e-3, 0, 0, 32, 7, 0, 0, 8, 1.0);
        Tokenizer tokenizer = Tokenizer.load(model);

        Path sts = Files.writeString(dir.resolve("sts.jsonl"), """
                {"a": "오늘 날씨가 좋다", "b": "날씨가 좋네요", "score": 4.5}
                {"a": "영화가 재밌다", "b": "밥을 먹었다", "score": 0.5}
                {"a": "책을 읽었다", "b": "책을 봤다", "score": 4.0}
                {"a": "비가 온다", "b": "기차가 늦었다", "score": 1.0}
                {"a": "노래가 좋다", "b": "음악이 좋다", "score": 3.5}
                """);
        TaskColumns stsColumns = new TaskColumns("a", "b", "score");
        TaskExamples stsData = TaskExamples.encode(DataFiles.read(sts), TextTask.REGRESSION, stsColumns, null, tokenizer, 32);
        Path regOut = dir.resolve("reg");
        new FineTuning(model, ModelDirectory.taskConfig(DebertaConfig.load(model), TextTask.REGRESSION, null),
                TextTask.REGRESSION, stsData, stsData, options, regOut).run(false, new FineTuneListener() { });
        DebertaConfig reg = DebertaConfig.load(regOut);
        assertThat(reg.problemType).isEqualTo("regression");
        assertThat(reg.numLabels).isEqualTo(1);
        JsonNode regEval = JSON.readTree(Files.readAllLines(regOut.resolve(FineTuning.METRICS_FILE)).getLast());
        assertThat(regEval.has("pearson") && regEval.has("spearman")).isTrue();

        Path ner = Files.writeString(dir.resolve("ner.tsv"), "words\ttags\n서울 에 간다\tB-LOC O O\n"
                + "부산 은 멀다\tB-LOC O O\n나는 간다\tO O\n");
        LabelSet tags = new LabelSet(List.of("O", "B-LOC"));
        TaskExamples nerData = TaskExamples.encode(DataFiles.read(ner), TextTask.TOKEN,
                new TaskColumns("words", null, "tags"), tags, tokenizer, 32);
        Path tokOut = dir.resolve("tok");
        new FineTuning(model, ModelDirectory.taskConfig(DebertaConfig.load(model), TextTask.TOKEN, tags),
                TextTask.TOKEN, nerData, nerData, options, tokOut).run(false, new FineTuneListener() { });
        DebertaConfig tok = DebertaConfig.load(tokOut);
        assertThat(tok.architectures).containsExactly("DebertaV2ForTokenClassification");
        assertThat(tok.id2label).containsEntry(1, "B-LOC");
        try (SafetensorsFile f = SafetensorsFile.open(tokOut.resolve("model.safetensors"))) {
            assertThat(f.info("classifier.weight").shape()).containsExactly(2, 16);
        }
        JsonNode tokEval = JSON.readTree(Files.readAllLines(tokOut.resolve(FineTuning.METRICS_FILE)).getLast());
        assertThat(tokEval.path("accuracy").asDouble()).isBetween(0.0, 1.0);
    }

    @Test
    void aFreshHeadReplacesAnotherTasksHeadAndFurtherSplitsAreLoggedBesideTheEvaluation() throws IOException {
        Path model = backbone(dir);
        Path data = sentimentTsv(dir);
        Path classifier = dir.resolve("classifier");
        run(model, data, classifier, 1).run(false, new FineTuneListener() { });   // a 2-label head

        Path sts = Files.writeString(dir.resolve("sts.tsv"), "a\tb\tscore\n오늘 날씨가 좋다\t날씨가 좋네요\t4.5\n"
                + "영화가 재밌다\t밥을 먹었다\t0.5\n책을 읽었다\t책을 봤다\t4.0\n비가 온다\t기차가 늦었다\t1.0\n");
        TaskExamples stsData = TaskExamples.encode(DataFiles.read(sts), TextTask.REGRESSION,
                new TaskColumns("a", "b", "score"), null, Tokenizer.load(classifier), 32);
        DebertaConfig regression = ModelDirectory.taskConfig(DebertaConfig.load(classifier), TextTask.REGRESSION, null);
        FineTuneOptions options = new FineTuneOptions(2, 2, 1e-3, 0, 0, 32, 7, 1, 0, 8, 1.0, 1e-6);
        Path out = dir.resolve("fresh");
        // the 2-label classifier does not fit a 1-output regression head unless the head starts afresh
        assertThatThrownBy(() -> new FineTuning(classifier, regression, TextTask.REGRESSION, stsData, stsData,
                options, dir.resolve("kept")).run(false, new FineTuneListener() { }))
                .hasMessageContaining("classifier.weight");
        List<String> scored = new java.util.ArrayList<>();
        new FineTuning(classifier, regression, TextTask.REGRESSION, stsData, stsData, options, out)
                .withFreshHead().evalSplitName("dev").alsoEvaluate("test", stsData)
                .run(false, new FineTuneListener() {
                    @Override
                    public void scored(long step, int epoch, String split, Map<String, Double> metrics) {
                        scored.add(split + "@" + step);
                    }
                });

        // evaluating every step: a dev line and then a test line per step, the same metrics on the same data
        List<JsonNode> evals = new MetricsLog(out.resolve(FineTuning.METRICS_FILE)).read().stream()
                .filter(n -> n.path("type").asText().equals("eval")).toList();
        assertThat(evals).extracting(n -> n.path("split").asText() + "@" + n.path("step").asLong())
                .containsExactly("dev@1", "test@1", "dev@2", "test@2", "dev@3", "test@3", "dev@4", "test@4");
        assertThat(scored).containsExactly("test@1", "test@2", "test@3", "test@4");
        assertThat(evals.get(1).path("pearson").asDouble()).isEqualTo(evals.get(0).path("pearson").asDouble());
        // the checkpoint records the AdamW epsilon given
        JsonNode state = JSON.readTree(out.resolve(FineTuning.CHECKPOINT_DIR).resolve("trainer_state.json").toFile());
        assertThat(state.toString()).contains("\"eps\":1.0E-6");
    }

    @Test
    void resumingWithoutACheckpointSaysSo() throws IOException {
        FineTuning run = run(backbone(dir), sentimentTsv(dir), dir.resolve("none"), 1);
        assertThatThrownBy(() -> run.run(true, new FineTuneListener() { }))
                .hasMessageContaining("last-checkpoint").hasMessageContaining("nothing to resume");
    }
}
