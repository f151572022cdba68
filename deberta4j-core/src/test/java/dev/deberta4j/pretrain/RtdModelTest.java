package dev.deberta4j.pretrain;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.model.DebertaModel;
import dev.deberta4j.model.ModelInput;
import dev.deberta4j.model.ModelOutput;
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
import static org.assertj.core.api.Assertions.offset;

/** GDES, gradients, checkpoint state, export and continued pre-training of {@link RtdModel}. */
class RtdModelTest {
    private static final String E_G = "generator.deberta.embeddings.word_embeddings.weight";

    @Test
    void gdesKeepsTheDiscriminatorLossAwayFromTheGeneratorEmbeddings() {
        try (RtdGolden golden = new RtdGolden()) {
            TokenSampler given = TokenSampler.given(golden.ints("sampled_tokens"));
            RtdModel withRtd = golden.model(RtdOptions.defaults().withRtdWeight(50));
            RtdModel withoutRtd = golden.model(RtdOptions.defaults().withRtdWeight(0));
            withRtd.forwardBackward(golden.batch(), given);
            withoutRtd.forwardBackward(golden.batch(), given);
            // Every generator gradient, E_G's included, is the same bits whatever the RTD weight.
            for (Parameter p : withRtd.parameters()) {
                if (p.name().startsWith(RtdModel.GENERATOR)) {
                    assertThat(p.grad()).as(p.name()).containsExactly(withoutRtd.parameter(p.name()).grad());
                }
            }
            assertThat(maxAbs(withRtd.parameter(E_G).grad())).isGreaterThan(0);
            assertThat(maxAbs(withRtd.parameter(RtdModel.DELTA_WORD_EMBEDDINGS).grad())).isGreaterThan(0);
            assertThat(maxAbs(withoutRtd.parameter(RtdModel.DELTA_WORD_EMBEDDINGS).grad())).isZero();
        }
    }

    @Test
    void everyGradientMatchesFiniteDifferences() {
        try (RtdGolden golden = new RtdGolden()) {
            RtdModel model = golden.model(RtdOptions.defaults());
            // Perturb E_Δ away from zero so its effect on the discriminator is not a special case.
            float[] delta = model.parameter(RtdModel.DELTA_WORD_EMBEDDINGS).data();
            float[] noise = FiniteDifference.weights(delta.length, 5);
            for (int i = 0; i < delta.length; i++) delta[i] = 0.01f * noise[i];
            RtdBatch batch = golden.batch();
            TokenSampler given = TokenSampler.given(golden.ints("sampled_tokens"));
            model.zeroGrad();
            model.forwardBackward(batch, given);
            Map<String, float[]> grads = new HashMap<>();
            for (Parameter p : model.parameters()) grads.put(p.name(), p.grad().clone());
            long seed = 1;
            for (Parameter p : model.parameters()) {
                FiniteDifference.check(p.name(), p.data(), grads.get(p.name()),
                        () -> model.forwardBackward(batch, given).totalLoss(), seed++);
            }
        }
    }

    @Test
    void samplingIsDeterministicBySeedAndPassAndFollowsTheSoftmax() {
        float[] logits = {0f, (float) Math.log(2), (float) Math.log(3), (float) Math.log(4)};   // p = .1 .2 .3 .4
        int n = 40_000;
        float[] repeated = new float[n * 4];
        for (int r = 0; r < n; r++) System.arraycopy(logits, 0, repeated, r * 4, 4);
        int[] rows = new int[n];
        for (int r = 0; r < n; r++) rows[r] = r;
        int[] a = TokenSampler.softmax(7, 1.0).sample(repeated, 4, rows, 3);
        assertThat(TokenSampler.softmax(7, 1.0).sample(repeated, 4, rows, 3)).containsExactly(a);
        assertThat(TokenSampler.softmax(7, 1.0).sample(repeated, 4, rows, 4)).isNotEqualTo(a);
        assertThat(TokenSampler.softmax(8, 1.0).sample(repeated, 4, rows, 3)).isNotEqualTo(a);
        int[] counts = new int[4];
        for (int t : a) counts[t]++;
        for (int v = 0; v < 4; v++) {
            assertThat(counts[v] / (double) n).as("frequency of token " + v).isCloseTo(0.1 * (v + 1),
                    org.assertj.core.api.Assertions.within(0.01));
        }
        // A low temperature concentrates on the argmax.
        int[] cold = TokenSampler.softmax(7, 0.01).sample(repeated, 4, rows, 3);
        for (int t : cold) assertThat(t).isEqualTo(3);
        assertThatThrownBy(() -> TokenSampler.softmax(7, 0)).hasMessageContaining("temperature");
    }

    @Test
    void seededTrainingStepsRepeatAfterSaveAndLoad(@TempDir Path dir) {
        RtdModel model = tinyModel(11);
        AdamW adam = new AdamW(model.parameters(), AdamW.Options.defaults());
        TokenSampler sampler = TokenSampler.softmax(3, 1.0);
        RtdBatch batch = tinyBatch(model);
        model.zeroGrad();
        model.forwardBackward(batch, sampler);
        adam.step(1e-3);
        model.save(dir.resolve("state"));
        RtdModel restored = RtdModel.load(dir.resolve("state"));
        assertThat(restored.passes()).isEqualTo(model.passes());
        assertThat(restored.options()).isEqualTo(model.options());
        for (Parameter p : model.parameters()) {
            assertThat(restored.parameter(p.name()).data()).as(p.name()).containsExactly(p.data());
        }
        model.zeroGrad();
        RtdStepResult expected = model.forwardBackward(batch, sampler);
        RtdStepResult actual = restored.forwardBackward(batch, sampler);
        assertThat(actual).isEqualTo(expected);
        assertThat(restored.lastDiscriminatorInputIds()).containsExactly(model.lastDiscriminatorInputIds());
    }

    @Test
    void exportLoadsAsHuggingFaceDirectoriesWithTheTrainingLogits(@TempDir Path dir) throws Exception {
        RtdModel model = tinyModel(12);
        AdamW adam = new AdamW(model.parameters(), AdamW.Options.defaults());
        RtdBatch batch = tinyBatch(model);
        model.forwardBackward(batch, TokenSampler.softmax(1, 1.0));
        adam.step(1e-2);   // E_Δ is no longer zero
        assertThat(maxAbs(model.parameter(RtdModel.DELTA_WORD_EMBEDDINGS).data())).isGreaterThan(0);
        Path tokenizer = RtdGoldenResources.tokenizer();
        Path out = dir.resolve("export");
        model.export(out, tokenizer);
        model.export(out, tokenizer);   // replacing an earlier export
        assertThat(out.resolve("discriminator/tokenizer.json")).exists();
        assertThat(out.resolve("generator/tokenizer.json")).exists();
        assertThat(Files.readString(out.resolve("generator/config.json"))).contains("DebertaV2ForMaskedLM");
        ModelInput in = batch.input();

        DebertaModel generator = DebertaModel.load(out.resolve("generator"));
        RtdParityTest.assertClose("exported generator logits", generator.forward(in).logits().data(),
                model.generatorLogits(in).data(), 1e-5);

        DebertaModel discriminator = DebertaModel.load(out.resolve("discriminator"));
        assertThat(discriminator.loadReport().unexpected()).allMatch(n -> n.startsWith("discriminator_predictions."));
        ModelOutput hidden = discriminator.forward(in);
        RtdParityTest.assertClose("exported discriminator hidden states", hidden.lastHiddenState().data(),
                model.discriminatorHiddenStates(in), 1e-5);

        // Continued pre-training from the export: the same discriminator (E_D = E_G + E_Δ folded, head kept).
        RtdModel continued = RtdModel.fromDiscriminator(out.resolve("discriminator"), null, RtdOptions.defaults(), 5);
        assertThat(continued.discriminatorLogits(in).data()).containsExactly(model.discriminatorLogits(in).data());
        assertThat(maxAbs(continued.parameter(RtdModel.DELTA_WORD_EMBEDDINGS).data())).isZero();
    }

    @Test
    void continuedPretrainingBuildsTheGeneratorFromTheDiscriminatorsLowerHalf(@TempDir Path dir) {
        RtdModel model = tinyModel(13);
        model.export(dir, null);
        RtdModel continued = RtdModel.fromDiscriminator(dir.resolve("discriminator"), null, RtdOptions.defaults(), 5);
        DebertaConfig g = continued.generatorConfig();
        assertThat(g.numHiddenLayers).isEqualTo(model.discriminatorConfig().numHiddenLayers / 2);
        assertThat(g.hiddenSize).isEqualTo(model.discriminatorConfig().hiddenSize);
        for (Parameter p : continued.parameters()) {
            String name = p.name();
            if (!name.startsWith("generator.deberta.") || name.equals(E_G)) continue;
            String source = "discriminator." + name.substring("generator.".length());
            assertThat(p.data()).as(name).containsExactly(continued.parameter(source).data());
        }
        float[] exported = continued.parameter(E_G).data();
        float[] sum = model.parameter(E_G).data().clone();
        float[] delta = model.parameter(RtdModel.DELTA_WORD_EMBEDDINGS).data();
        for (int i = 0; i < sum.length; i++) sum[i] += delta[i];
        assertThat(exported).containsExactly(sum);
        assertThatThrownBy(() -> RtdModel.fromDiscriminator(dir.resolve("discriminator"),
                model.discriminatorConfig().with(Map.of("hidden_size", 32, "intermediate_size", 64)), RtdOptions.defaults(), 5))
                .hasMessageContaining("width");
    }

    @Test
    void continuedPretrainingFromAnExportKeepsTheGeneratorAndTheSplitOfTheEmbeddings(@TempDir Path dir) {
        RtdModel model = tinyModel(14);
        AdamW adam = new AdamW(model.parameters(), AdamW.Options.defaults());
        RtdBatch batch = tinyBatch(model);
        model.forwardBackward(batch, TokenSampler.softmax(1, 1.0));
        adam.step(1e-2);   // E_Δ is no longer zero
        model.export(dir, null);
        RtdModel continued = RtdModel.fromExport(dir.resolve("discriminator"), dir.resolve("generator"),
                RtdOptions.defaults(), 5);
        assertThat(continued.generatorConfig().numHiddenLayers).isEqualTo(model.generatorConfig().numHiddenLayers);
        float[] delta = model.parameter(RtdModel.DELTA_WORD_EMBEDDINGS).data();
        for (Parameter p : model.parameters()) {
            float[] restored = continued.parameter(p.name()).data();
            if (p.name().equals(RtdModel.DELTA_WORD_EMBEDDINGS)) {
                // (E_G + E_Δ) − E_G: E_Δ up to two roundings (the sum's and the difference's)
                float[] shared = model.parameter(E_G).data();
                for (int i = 0; i < delta.length; i++) {
                    assertThat(restored[i]).as("E_Δ[%d]", i)
                            .isCloseTo(delta[i], offset(2 * Math.ulp(Math.abs(shared[i]) + Math.abs(delta[i]))));
                }
            } else {
                assertThat(restored).as(p.name()).containsExactly(p.data());
            }
        }
        ModelInput in = batch.input();
        assertThat(continued.generatorLogits(in).data()).containsExactly(model.generatorLogits(in).data());
        RtdParityTest.assertClose("continued discriminator logits", continued.discriminatorLogits(in).data(),
                model.discriminatorLogits(in).data(), 1e-6);
        assertThatThrownBy(() -> RtdModel.fromExport(dir.resolve("discriminator"), dir.resolve("discriminator"),
                RtdOptions.defaults(), 5)).hasMessageContaining("DebertaV2ForMaskedLM");
    }

    @Test
    void rejectsIncompatibleConfigsAndBadBatches() {
        DebertaConfig d = RtdGoldenResources.tinyDiscriminator();
        assertThatThrownBy(() -> RtdModel.initialize(d, d.with(Map.of("vocab_size", 100)), 1))
                .hasMessageContaining("vocab_size");
        RtdModel model = tinyModel(1);
        ModelInput in = tinyBatch(model).input();
        boolean[] masks = new boolean[in.inputIds().length];
        assertThatThrownBy(() -> new RtdBatch(in, new boolean[3], in.inputIds())).hasMessageContaining("mask flags");
        int[] bad = in.inputIds().clone();
        bad[0] = 10_000;
        assertThatThrownBy(() -> model.forwardBackward(RtdBatch.withMaskToken(in, masks, 3).withGeneratorIds(bad),
                TokenSampler.softmax(1, 1))).hasMessageContaining("outside the vocabulary");
    }

    static RtdModel tinyModel(long seed) {
        return RtdModel.initialize(RtdGoldenResources.tinyDiscriminator(), null, seed);
    }

    /** Two sequences (one padded), about 15% of the non-special tokens masked with [MASK] = 3. */
    static RtdBatch tinyBatch(RtdModel model) {
        int len = 12;
        int[][] ids = new int[2][len];
        int[][] mask = new int[2][len];
        int[][] types = new int[2][len];
        java.util.SplittableRandom random = new java.util.SplittableRandom(99);
        for (int b = 0; b < 2; b++) {
            int used = b == 0 ? len : 8;
            for (int i = 0; i < used; i++) {
                ids[b][i] = i == 0 ? 1 : i == used - 1 ? 2 : 5 + random.nextInt(model.discriminatorConfig().vocabSize - 5);
                mask[b][i] = 1;
            }
        }
        ModelInput in = ModelInput.ofPadded(ids, mask, types);
        boolean[] masked = new boolean[2 * len];
        masked[3] = masked[7] = masked[len + 2] = masked[len + 5] = true;
        return RtdBatch.withMaskToken(in, masked, 3);
    }

    static double maxAbs(float[] x) {
        double m = 0;
        for (float v : x) m = Math.max(m, Math.abs(v));
        return m;
    }
}
