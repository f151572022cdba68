package dev.deberta4j.train;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.io.SafetensorsFile;
import dev.deberta4j.model.HeadType;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The model.safetensors a trained model writes has exactly the tensors transformers' save_pretrained writes for
 * that class (fixture checkpoints written by transformers 4.40): same names, shapes, dtype F32, format "pt".
 */
class CheckpointLayoutTest {

    @ParameterizedTest
    @CsvSource({"seq_cls, SEQUENCE_CLASSIFICATION", "seq_reg, SEQUENCE_CLASSIFICATION", "mlm, MASKED_LM",
            "token_cls, TOKEN_CLASSIFICATION", "qa, QUESTION_ANSWERING", "multiple_choice, MULTIPLE_CHOICE"})
    void writtenTensorsAreThoseTransformersWrites(String head, HeadType type, @TempDir Path dir) {
        Path fixture = TrainingGolden.resource("/fixtures/v3-base-like");
        DebertaConfig config = DebertaConfig.load(fixture.resolve("heads/" + head + ".config.json"));
        TrainableModel model = TrainableModel.initialise(config, type, 1);
        model.writeSafetensors(dir.resolve("model.safetensors"));

        Map<String, String> expected = new TreeMap<>();
        try (SafetensorsFile backbone = SafetensorsFile.open(fixture.resolve("model.safetensors"));
             SafetensorsFile headFile = SafetensorsFile.open(fixture.resolve("heads/" + head + ".safetensors"))) {
            for (String n : backbone.names()) if (n.startsWith("deberta.")) expected.put(n, describe(backbone, n));
            for (String n : headFile.names()) expected.put(n, describe(headFile, n));
        }
        try (SafetensorsFile written = SafetensorsFile.open(dir.resolve("model.safetensors"))) {
            Map<String, String> actual = new TreeMap<>();
            for (String n : written.names()) actual.put(n, describe(written, n));
            assertThat(actual).isEqualTo(expected);
            assertThat(written.metadata()).containsEntry("format", "pt");
        }
        assertThat(new TreeSet<>(model.weights().keySet())).isEqualTo(expected.keySet());
    }

    private static String describe(SafetensorsFile f, String name) {
        return f.info(name).dtype() + java.util.Arrays.toString(f.info(name).shape());
    }
}
