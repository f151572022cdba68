package dev.deberta4j.finetune;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.data.DataFiles;
import dev.deberta4j.io.SafetensorsFile;
import dev.deberta4j.model.DebertaModel;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.ParameterLayout;
import dev.deberta4j.model.WeightInitializer;
import dev.deberta4j.tokenizer.Tokenizer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * fine-tuning, unchanged, on the other encoder families: a BERT / ELECTRA / XLM-RoBERTa / DistilBERT backbone-only
 * directory gets a fresh sequence-classification head, learns the tiny sentiment task of {@link FineTuningTest},
 * and is written as that family's model directory (model_type, class name, transformers' weight names) that
 * reloads with the logged metrics.
 */
class FamilyFineTuningTest {
    @TempDir Path dir;

    static DebertaConfig tiny(String modelType) {
        String sizes = modelType.equals("distilbert")
                ? "\"dim\": 16, \"n_layers\": 1, \"n_heads\": 2, \"hidden_dim\": 32"
                : "\"hidden_size\": 16, \"num_hidden_layers\": 1, \"num_attention_heads\": 2, \"intermediate_size\": 32"
                + (modelType.equals("electra") ? ", \"embedding_size\": 8" : "");
        int positions = modelType.equals("xlm-roberta") ? 66 : 64;
        return DebertaConfig.parse("{\"model_type\": \"" + modelType + "\", \"vocab_size\": 8000, " + sizes
                + ", \"max_position_embeddings\": " + positions + ", \"pad_token_id\": 0}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bert", "electra", "xlm-roberta", "distilbert"})
    void finetuneWritesTheFamilysModelDirectory(String modelType) throws IOException {
        DebertaConfig config = tiny(modelType);
        Path model = dir.resolve("backbone");
        ModelDirectory.write(model, config, HeadType.BASE, WeightInitializer.initialise(config, HeadType.BASE, 3),
                FineTuningTest.tokenizerDir());
        Path data = FineTuningTest.sentimentTsv(dir);
        LabelSet labels = new LabelSet(List.of("negative", "positive"));
        TaskColumns columns = new TaskColumns("document", null, "label");
        TaskExamples examples = TaskExamples.encode(DataFiles.read(data), TextTask.SINGLE, columns, labels,
                Tokenizer.load(model), 32);
        FineTuneOptions options = new FineTuneOptions(8, 8, 3e-3, 0.1, 0.01, 32, 7, 0, 0, 16, 1.0);
        Path out = dir.resolve("out");
        FineTuning run = new FineTuning(model, ModelDirectory.taskConfig(DebertaConfig.load(model), TextTask.SINGLE,
                labels), TextTask.SINGLE, examples, examples, options, out);
        run.run(false, new FineTuneListener() { });

        DebertaConfig written = DebertaConfig.load(out);
        assertThat(written.family).isEqualTo(config.family);
        assertThat(written.architectures).containsExactly(
                HeadType.SEQUENCE_CLASSIFICATION.architecture(config.family));
        Map<String, String> expected = new TreeMap<>();
        for (ParameterLayout.Entry e : ParameterLayout.of(written, HeadType.SEQUENCE_CLASSIFICATION).entries()) {
            if (!e.buffer()) expected.put(e.name(), java.util.Arrays.toString(e.shape()));
        }
        try (SafetensorsFile f = SafetensorsFile.open(out.resolve("model.safetensors"))) {
            Map<String, String> actual = new TreeMap<>();
            for (String n : f.names()) actual.put(n, java.util.Arrays.toString(f.info(n).shape()));
            assertThat(actual).isEqualTo(expected);
        }
        var evals = run.metricsLog().read().stream().filter(n -> n.path("type").asText().equals("eval")).toList();
        assertThat(evals.getLast().path("accuracy").asDouble()).isGreaterThanOrEqualTo(0.9);
        try (DebertaModel reloaded = DebertaModel.load(out)) {
            assertThat(reloaded.loadReport().unexpected()).isEmpty();
            double best = evals.stream().mapToDouble(n -> n.path("accuracy").asDouble()).max().orElseThrow();
            assertThat(new Evaluator(16).evaluate(reloaded, examples, null).get("accuracy")).isEqualTo(best);
        }
    }
}
