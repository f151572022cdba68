package dev.deberta4j.pretrain;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.model.DebertaModel;
import dev.deberta4j.train.FiniteDifference;
import dev.deberta4j.train.Parameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The generator's Enhanced Mask Decoder: gradients by finite differences, state, export and config checks. */
class EnhancedMaskDecoderTest {

    @Test
    void gradientsMatchFiniteDifferencesWithAOneLayerGenerator() {
        checkEveryGradient(1);
    }

    @Test
    void gradientsMatchFiniteDifferencesWithATwoLayerGenerator() {
        checkEveryGradient(2);
    }

    private static void checkEveryGradient(int generatorLayers) {
        try (RtdGolden golden = new RtdGolden()) {
            DebertaConfig d = golden.discriminatorConfig();
            DebertaConfig g = d.with(Map.of("num_hidden_layers", generatorLayers));
            RtdModel model = RtdModel.initialize(d, g, RtdOptions.defaults().withEmd(true), 21);
            assertThat(model.parameter(RtdModel.EMD_POSITION_EMBEDDINGS).shape()).containsExactly(512, 64);
            RtdBatch batch = golden.batch();
            TokenSampler given = TokenSampler.given(golden.ints("sampled_tokens"));
            model.zeroGrad();
            model.forwardBackward(batch, given);
            assertThat(RtdModelTest.maxAbs(model.parameter(RtdModel.EMD_POSITION_EMBEDDINGS).grad())).isGreaterThan(0);
            Map<String, float[]> grads = new HashMap<>();
            for (Parameter p : model.parameters()) grads.put(p.name(), p.grad().clone());
            long seed = 100;
            for (Parameter p : model.parameters()) {
                if (!p.name().startsWith(RtdModel.GENERATOR)) continue;   // the discriminator is EMD-free
                FiniteDifference.check(p.name(), p.data(), grads.get(p.name()),
                        () -> model.forwardBackward(batch, given).mlmLoss(), seed++);
            }
        }
    }

    @Test
    void theDecoderChangesThePredictionsAndSurvivesSaveLoadAndExport(@TempDir Path dir) {
        try (RtdGolden golden = new RtdGolden()) {
            DebertaConfig d = golden.discriminatorConfig();
            RtdModel plain = RtdModel.initialize(d, null, 3);
            RtdModel emd = RtdModel.initialize(d, null, RtdOptions.defaults().withEmd(true), 3);
            var in = golden.batch().generatorInput();
            assertThat(emd.generatorLogits(in).data()).isNotEqualTo(plain.generatorLogits(in).data());

            emd.save(dir.resolve("state"));
            RtdModel restored = RtdModel.load(dir.resolve("state"));
            assertThat(restored.options().emd()).isTrue();
            assertThat(restored.generatorLogits(in).data()).containsExactly(emd.generatorLogits(in).data());

            // transformers (and deberta4j) load the exported generator as a plain DebertaV2ForMaskedLM: the position
            // table is an unexpected weight and the decoder pass is dropped.
            emd.export(dir.resolve("export"), null);
            DebertaModel generator = DebertaModel.load(dir.resolve("export/generator"));
            assertThat(generator.loadReport().unexpected()).containsExactly("deberta.embeddings.position_embeddings.weight");
        }
    }

    @Test
    void needsRelativeOnlyPositionsAndEqualEmbeddingWidth() {
        DebertaConfig d = RtdGoldenResources.tinyDiscriminator();
        assertThatThrownBy(() -> RtdModel.initialize(d, d.with(Map.of("position_biased_input", true)),
                RtdOptions.defaults().withEmd(true), 1)).hasMessageContaining("position_biased_input");
    }
}
