package dev.deberta4j.train;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.io.SafetensorsFile;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.ModelInput;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Training accepts inputs longer than max_position_embeddings when the model adds no absolute positions
 * (fixtures/v3-long: 1100 tokens): its eval-mode logits match transformers' and a training step runs.
 */
class LongInputTrainingTest {

    @Test
    void elevenHundredTokensTrainAndMatchTransformersInEvalMode() {
        Path dir = TrainingGolden.resource("/fixtures/v3-long");
        DebertaConfig config = DebertaConfig.load(dir);
        try (SafetensorsFile weights = SafetensorsFile.open(dir.resolve("model.safetensors"));
             SafetensorsFile golden = SafetensorsFile.open(dir.resolve("golden.safetensors"))) {
            TrainableModel model = TrainableModel.create(config, HeadType.SEQUENCE_CLASSIFICATION, weights, 0);
            int batch = (int) golden.info("input_ids").shape()[0];
            int len = (int) golden.info("input_ids").shape()[1];
            assertThat(len).isGreaterThan(config.maxPositionEmbeddings);
            ModelInput input = new ModelInput(batch, len, ints(golden, "input_ids"), ints(golden, "attention_mask"),
                    ints(golden, "token_type_ids"), 1);

            TrainingParityTest.assertClose("v3-long logits.seq_cls (train, eval mode)", model.logits(input).data(),
                    golden.readFloats("logits.seq_cls"), 1e-5);

            model.zeroGrad();
            float loss = model.forwardBackward(input, Labels.classes(0, 2, 1));
            assertThat(Float.isFinite(loss)).isTrue();
            float[] grad = model.parameter("deberta.encoder.rel_embeddings.weight").grad();
            double[] g = toDoubles(grad);
            assertThat(Arrays.stream(g).allMatch(Double::isFinite)).isTrue();
            // Rows past |i - j| = 128 are reached only by the long inputs' log buckets: they receive gradient.
            assertThat(Arrays.stream(g).map(Math::abs).max().orElse(0)).isGreaterThan(0);
        }
    }

    private static int[] ints(SafetensorsFile f, String name) {
        return Arrays.stream(f.readLongs(name)).mapToInt(Math::toIntExact).toArray();
    }

    private static double[] toDoubles(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) d[i] = x[i];
        return d;
    }
}
