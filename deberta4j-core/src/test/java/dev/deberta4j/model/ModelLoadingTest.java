package dev.deberta4j.model;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.io.InMemoryTensorSource;
import dev.deberta4j.io.SafetensorsFile;
import dev.deberta4j.io.TensorSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Missing, unexpected and mis-shaped weights, fresh heads and inputs the model cannot take. */
class ModelLoadingTest {
    private static DebertaConfig config(GoldenCase g) {
        return DebertaConfig.load(g.dir);
    }

    /** The backbone of the v3 case alone, named as DebertaV2Model.save_pretrained names it (no deberta. prefix). */
    private static InMemoryTensorSource backboneOnly(GoldenCase g) {
        InMemoryTensorSource out = new InMemoryTensorSource(Path.of("backbone-only"));
        try (TensorSource w = SafetensorsFile.open(g.dir.resolve("model.safetensors"))) {
            for (String name : w.names()) {
                if (name.startsWith("deberta.")) out.putFloats(name.substring(8), w.readFloats(name), w.info(name).shape());
            }
        }
        return out;
    }

    @Test
    void baseHeadStripsThePrefixAndReportsTheHeadWeightsAsUnexpected() {
        try (GoldenCase g = new GoldenCase("v3-base-like")) {
            DebertaModel model = DebertaModel.load(g.dir, LoadOptions.head(HeadType.BASE));
            assertThat(model.loadReport().unexpected())
                    .containsExactly("classifier.bias", "classifier.weight", "pooler.dense.bias", "pooler.dense.weight");
            assertThat(model.forward(g.input()).logits()).isNull();
        }
    }

    @Test
    void backboneOnlyCheckpointRunsAsBaseAndGivesTheSameHiddenStates() {
        try (GoldenCase g = new GoldenCase("v3-base-like")) {
            DebertaModel model = DebertaModel.load(config(g), backboneOnly(g), LoadOptions.head(HeadType.BASE));
            assertThat(model.loadReport().unexpected()).isEmpty();
            GoldenParityTest.assertClose("last_hidden_state", model.forward(g.input()).lastHiddenState(),
                    g.tensor("last_hidden_state"));
        }
    }

    @Test
    void missingHeadWeightsAreAnErrorListingThem() {
        try (GoldenCase g = new GoldenCase("v3-base-like")) {
            assertThatThrownBy(() -> DebertaModel.load(config(g), backboneOnly(g), LoadOptions.head(HeadType.SEQUENCE_CLASSIFICATION)))
                    .isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("missing weights for DebertaV2ForSequenceClassification")
                    .hasMessageContaining("pooler.dense.weight, pooler.dense.bias, classifier.weight, classifier.bias")
                    .hasMessageContaining("fresh head");
        }
    }

    @Test
    void freshHeadIsInitialisedAsTransformersDoesAndReported() {
        try (GoldenCase g = new GoldenCase("v3-base-like")) {
            DebertaModel model = DebertaModel.load(config(g), backboneOnly(g),
                    LoadOptions.head(HeadType.SEQUENCE_CLASSIFICATION).withFreshHead(3));
            assertThat(model.loadReport().initialised())
                    .containsExactly("pooler.dense.weight", "pooler.dense.bias", "classifier.weight", "classifier.bias");
            float[] logits = model.forward(g.input()).logits().data();
            assertThat(logits).hasSize(9);
            for (float v : logits) assertThat(v).isFinite();
            // Same seed, same head.
            DebertaModel again = DebertaModel.load(config(g), backboneOnly(g),
                    LoadOptions.head(HeadType.SEQUENCE_CLASSIFICATION).withFreshHead(3));
            assertThat(again.forward(g.input()).logits().data()).containsExactly(logits);
        }
    }

    @Test
    void missingBackboneWeightIsAnErrorEvenWithAFreshHead() {
        try (GoldenCase g = new GoldenCase("v3-base-like")) {
            InMemoryTensorSource w = backboneOnly(g);
            InMemoryTensorSource without = new InMemoryTensorSource(Path.of("partial"));
            for (String n : w.names()) {
                if (!n.equals("encoder.layer.1.output.dense.weight")) without.putFloats(n, w.readFloats(n), w.info(n).shape());
            }
            assertThatThrownBy(() -> DebertaModel.load(config(g), without, LoadOptions.head(HeadType.BASE).withFreshHead(1)))
                    .isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("encoder.layer.1.output.dense.weight");
        }
    }

    @Test
    void wrongShapeNamesTheWeightAndBothShapes() {
        try (GoldenCase g = new GoldenCase("v3-base-like")) {
            DebertaConfig wider = config(g).with(Map.of("intermediate_size", 256));
            assertThatThrownBy(() -> DebertaModel.load(wider, backboneOnly(g), LoadOptions.head(HeadType.BASE)))
                    .isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("encoder.layer.0.intermediate.dense.weight has shape [128, 64], the config requires [256, 64]");
        }
    }

    @Test
    void inputsBeyondWhatTheConfigAllowsAreErrors() {
        try (GoldenCase g = new GoldenCase("v2-tokentype-abs-pos")) {
            DebertaModel model = DebertaModel.load(g.dir);
            int max = model.config().maxPositionEmbeddings;
            assertThatThrownBy(() -> model.forward(ModelInput.of(List.of(new int[max + 1]), 0)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("sequence length " + (max + 1) + " exceeds max_position_embeddings " + max);
            assertThatThrownBy(() -> model.forward(ModelInput.of(List.of(new int[]{1, 600, 2}), 0)))
                    .hasMessageContaining("input_ids[0][1] = 600 is outside the vocabulary [0, 600)");
            assertThatThrownBy(() -> model.forward(ModelInput.of(List.of(new int[]{1, 5, 2}), List.of(new int[]{0, 2, 0}), 0)))
                    .hasMessageContaining("token_type_ids[0][1] = 2 is outside [0, 2)");
        }
    }

    @Test
    void paddingDoesNotChangeTheOutputsOfRealTokens() {
        try (GoldenCase g = new GoldenCase("v3-base-like")) {
            DebertaModel model = DebertaModel.load(g.dir);
            int[] seq = {1, 40, 41, 42, 43, 2};
            float[] alone = model.forward(ModelInput.of(List.of(seq), 0)).logits().data();
            float[] padded = model.forward(ModelInput.of(List.of(seq, new int[40]), 0)).logits().data();
            for (int i = 0; i < alone.length; i++) assertThat(padded[i]).isCloseTo(alone[i], org.assertj.core.data.Offset.offset(1e-6f));
        }
    }
}
