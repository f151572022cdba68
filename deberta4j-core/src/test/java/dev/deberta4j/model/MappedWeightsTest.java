package dev.deberta4j.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Embedding tables are used in place from the model's own mapping of the safetensors file: it outlives the loader's
 * source, and {@link DebertaModel#close()} releases it.
 */
class MappedWeightsTest {

    @Test
    void aModelLoadedFromADirectoryReadsItsMappedTablesAfterTheLoaderClosedTheFile() {
        try (GoldenCase g = new GoldenCase("v3-base-like"); DebertaModel model = DebertaModel.load(g.dir, LoadOptions.head(HeadType.BASE))) {
            ModelOutput out = model.forward(g.input(), true, false);
            GoldenParityTest.assertClose("hidden_states.0 (mapped word embeddings)", out.hiddenStates().get(0),
                    g.tensor("hidden_states.0"));
            GoldenParityTest.assertClose("last_hidden_state", out.lastHiddenState(), g.tensor("last_hidden_state"));
        }
    }

    @Test
    void closeReleasesTheMappingAndLaterPassesFailClearly() {
        try (GoldenCase g = new GoldenCase("v2-tokentype-abs-pos")) {
            DebertaModel model = DebertaModel.load(g.dir);
            model.forward(g.input());
            model.close();
            model.close();   // idempotent
            assertThatThrownBy(() -> model.forward(g.input()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
        }
    }

    @Test
    void randomAndInMemoryModelsKeepTheirTablesOffHeapToo() {
        DebertaModel model = DebertaModel.randomlyInitialised(ModelShapes.v3(32, 1, 2, 64)
                .with(java.util.Map.of("vocab_size", 50)), HeadType.MASKED_LM, 3);
        ModelOutput out = model.forward(ModelInput.random(2, 7, 50, 0, 1));
        assertThat(out.logits().shape()).containsExactly(2, 7, 50);
        model.close();
    }
}
