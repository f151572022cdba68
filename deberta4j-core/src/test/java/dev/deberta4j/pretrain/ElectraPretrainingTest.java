package dev.deberta4j.pretrain;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.io.SafetensorsFile;
import dev.deberta4j.model.DebertaModel;
import dev.deberta4j.model.ModelInput;
import dev.deberta4j.train.AdamW;
import dev.deberta4j.train.FiniteDifference;
import dev.deberta4j.train.Parameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ELECTRA's pre-training pair in {@link RtdModel}: shared embeddings, gradients, checkpoint state and export. */
class ElectraPretrainingTest {
    private static final String SHARED_WORDS = "discriminator.electra.embeddings.word_embeddings.weight";
    private static final String[] SHARED = {SHARED_WORDS, "discriminator.electra.embeddings.position_embeddings.weight",
            "discriminator.electra.embeddings.token_type_embeddings.weight",
            "discriminator.electra.embeddings.LayerNorm.weight", "discriminator.electra.embeddings.LayerNorm.bias"};

    /** A tiny ELECTRA discriminator (embedding_size below hidden_size, as ELECTRA-small), dropout off. */
    static DebertaConfig tinyDiscriminator(double dropout) {
        return DebertaConfig.fromJson(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(Map.ofEntries(
                Map.entry("model_type", "electra"), Map.entry("vocab_size", 60), Map.entry("embedding_size", 16),
                Map.entry("hidden_size", 32), Map.entry("num_hidden_layers", 2), Map.entry("num_attention_heads", 2),
                Map.entry("intermediate_size", 64), Map.entry("max_position_embeddings", 32),
                Map.entry("type_vocab_size", 2), Map.entry("hidden_dropout_prob", dropout),
                Map.entry("attention_probs_dropout_prob", dropout))));
    }

    private static RtdModel tinyModel(RtdOptions options, long seed) {
        return RtdModel.initialize(tinyDiscriminator(0), null, options, seed);
    }

    /** The replacements a generator could have drawn at tinyBatch's four masked positions, two equal to the original. */
    private static TokenSampler given(RtdBatch batch) {
        int[] rows = batch.maskedRows();
        int[] tokens = batch.input().inputIds().clone();
        tokens[rows[1]] = 7;
        tokens[rows[3]] = 11;
        return TokenSampler.given(tokens);
    }

    @Test
    void theGeneratorIsElectrasNarrowerNetworkAndSharesTheEmbeddingsModule() {
        DebertaConfig small = tinyDiscriminator(0.1).with(Map.of("hidden_size", 256, "embedding_size", 128,
                "num_attention_heads", 4, "intermediate_size", 1024));
        DebertaConfig g = RtdModel.defaultGenerator(small);
        assertThat(new int[]{g.hiddenSize, g.numAttentionHeads, g.intermediateSize, g.numHiddenLayers, g.embeddingSize})
                .containsExactly(64, 1, 256, 2, 128);
        // ELECTRA-base (768) takes a third: KoELECTRA-base-v3's generator, hidden 256, 4 heads, intermediate 1024.
        DebertaConfig base = RtdModel.defaultGenerator(small.with(Map.of("hidden_size", 768, "embedding_size", 768,
                "num_attention_heads", 12, "intermediate_size", 3072)));
        assertThat(new int[]{base.hiddenSize, base.numAttentionHeads, base.intermediateSize}).containsExactly(256, 4, 1024);
        assertThat(RtdModel.electraGenerator(small, 1.0).hiddenSize).isEqualTo(256);

        RtdModel model = tinyModel(RtdOptions.defaults(), 1);
        assertThat(model.parameters()).extracting(Parameter::name)
                .contains(SHARED).contains("discriminator.electra.embeddings_project.weight",
                        "generator.electra.embeddings_project.weight", "generator.generator_predictions.dense.weight",
                        "generator.generator_lm_head.bias", "discriminator.discriminator_predictions.dense_prediction.bias")
                .noneMatch(n -> n.startsWith("generator.electra.embeddings.") || n.startsWith("gdes."));
    }

    @Test
    void bothLossesReachTheSharedEmbeddingsAndOnlyThere() {
        RtdModel withRtd = tinyModel(RtdOptions.defaults(), 2);
        RtdModel withoutRtd = tinyModel(RtdOptions.defaults().withRtdWeight(0), 2);
        RtdBatch batch = RtdModelTest.tinyBatch(withRtd);
        withRtd.forwardBackward(batch, given(batch));
        withoutRtd.forwardBackward(batch, given(batch));
        for (Parameter p : withRtd.parameters()) {
            float[] without = withoutRtd.parameter(p.name()).grad();
            boolean shared = p.name().startsWith("discriminator.electra.embeddings.");
            if (p.name().startsWith("generator.")) {
                // The replacements are sampled: the discriminator's loss has no path into the generator's own weights.
                assertThat(p.grad()).as(p.name()).containsExactly(without);
            } else if (shared) {
                assertThat(p.grad()).as(p.name()).isNotEqualTo(without);
                assertThat(RtdModelTest.maxAbs(without)).as(p.name() + " from the MLM loss alone").isGreaterThan(0);
            } else {
                assertThat(RtdModelTest.maxAbs(without)).as(p.name()).isZero();
            }
        }
    }

    @Test
    void everyGradientMatchesFiniteDifferencesTheSharedTablesSummingBothPaths() {
        RtdModel model = tinyModel(RtdOptions.defaults(), 3);
        RtdBatch batch = RtdModelTest.tinyBatch(model);
        TokenSampler sampler = given(batch);
        model.zeroGrad();
        model.forwardBackward(batch, sampler);
        Map<String, float[]> grads = new HashMap<>();
        for (Parameter p : model.parameters()) grads.put(p.name(), p.grad().clone());
        long seed = 1;
        for (Parameter p : model.parameters()) {
            FiniteDifference.check(p.name(), p.data(), grads.get(p.name()),
                    () -> model.forwardBackward(batch, sampler).totalLoss(), seed++);
        }
    }

    @Test
    void seededStepsRepeatAfterSaveAndLoad(@TempDir Path dir) {
        RtdModel model = RtdModel.initialize(tinyDiscriminator(0.1), null, RtdOptions.defaults(), 4);
        AdamW adam = new AdamW(model.parameters(), AdamW.Options.defaults());
        RtdBatch batch = RtdModelTest.tinyBatch(model);
        TokenSampler sampler = TokenSampler.softmax(4, 1.0);
        model.forwardBackward(batch, sampler);
        adam.step(1e-2);
        model.save(dir);
        RtdModel restored = RtdModel.load(dir);
        assertThat(restored.discriminatorConfig().family.modelType()).isEqualTo("electra");
        model.zeroGrad();
        RtdStepResult expected = model.forwardBackward(batch, sampler);
        assertThat(restored.forwardBackward(batch, sampler)).isEqualTo(expected);
        for (Parameter p : model.parameters()) {
            assertThat(restored.parameter(p.name()).grad()).as(p.name()).containsExactly(p.grad());
        }
    }

    @Test
    void exportsElectraForPreTrainingAndElectraForMaskedLmThatTheEngineLoads(@TempDir Path dir) throws Exception {
        RtdModel model = tinyModel(RtdOptions.defaults(), 5);
        AdamW adam = new AdamW(model.parameters(), AdamW.Options.defaults());
        RtdBatch batch = RtdModelTest.tinyBatch(model);
        model.forwardBackward(batch, TokenSampler.softmax(5, 1.0));
        adam.step(1e-2);
        Path out = dir.resolve("export");
        model.export(out, RtdGoldenResources.tokenizer());
        assertThat(out.resolve("discriminator/tokenizer.json")).exists();
        assertThat(Files.readString(out.resolve("discriminator/config.json")))
                .contains("\"model_type\" : \"electra\"").contains("ElectraForPreTraining");
        assertThat(Files.readString(out.resolve("generator/config.json")))
                .contains("\"model_type\" : \"electra\"").contains("ElectraForMaskedLM");
        try (SafetensorsFile d = SafetensorsFile.open(out.resolve("discriminator/model.safetensors"));
             SafetensorsFile g = SafetensorsFile.open(out.resolve("generator/model.safetensors"))) {
            assertThat(d.names()).allMatch(n -> n.startsWith("electra.") || n.startsWith("discriminator_predictions."))
                    .contains("electra.embeddings_project.weight", "discriminator_predictions.dense.weight",
                            "discriminator_predictions.dense_prediction.weight");
            assertThat(g.names()).allMatch(n -> n.startsWith("electra.") || n.startsWith("generator_predictions.")
                    || n.equals("generator_lm_head.bias"));
            for (String shared : SHARED) {
                String name = shared.substring("discriminator.".length());
                assertThat(g.readFloats(name)).as(name).containsExactly(d.readFloats(name));
            }
        }
        ModelInput in = batch.input();
        DebertaModel generator = DebertaModel.load(out.resolve("generator"));
        assertThat(generator.loadReport().unexpected()).isEmpty();
        RtdParityTest.assertClose("exported generator logits", generator.forward(in).logits().data(),
                model.generatorLogits(in).data(), 1e-5);
        DebertaModel discriminator = DebertaModel.load(out.resolve("discriminator"));
        assertThat(discriminator.loadReport().unexpected()).isEmpty();
        RtdParityTest.assertClose("exported discriminator logits", discriminator.forward(in).logits().data(),
                model.discriminatorLogits(in).data(), 1e-5);

        // Continued pre-training from the export (KoELECTRA's published pair is read the same way).
        RtdModel continued = RtdModel.fromExport(out.resolve("discriminator"), out.resolve("generator"),
                RtdOptions.defaults(), 6);
        for (Parameter p : model.parameters()) {
            assertThat(continued.parameter(p.name()).data()).as(p.name()).containsExactly(p.data());
        }
        // From the discriminator alone: a fresh generator of the default shape around the same shared embeddings.
        RtdModel fresh = RtdModel.fromDiscriminator(out.resolve("discriminator"), null, RtdOptions.defaults(), 6);
        assertThat(fresh.parameter(SHARED_WORDS).data()).containsExactly(model.parameter(SHARED_WORDS).data());
        assertThat(fresh.discriminatorLogits(in).data()).containsExactly(model.discriminatorLogits(in).data());
    }

    @Test
    void rejectsAMixedPairAndGeneratorsThatCannotShareTheEmbeddings() {
        DebertaConfig d = tinyDiscriminator(0);
        assertThatThrownBy(() -> RtdModel.initialize(d, d.with(Map.of("embedding_size", 8)), 1))
                .hasMessage("ELECTRA shares the embeddings: the generator's embedding_size 8 differs from the "
                        + "discriminator's 16");
        assertThatThrownBy(() -> RtdModel.initialize(d, RtdGoldenResources.tinyDiscriminator(), 1))
                .hasMessageContaining("ELECTRA pre-training needs model_type electra for both networks");
        assertThatThrownBy(() -> RtdModel.initialize(d, null, RtdOptions.defaults().withEmd(true), 1))
                .hasMessageContaining("Enhanced Mask Decoder");
    }
}
