package dev.deberta4j.model;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.io.SafetensorsFile;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

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
    void float32TablesAreMappedAndHalfPrecisionOnesWidenedOffHeap() {
        try (GoldenCase g = new GoldenCase("v2-tokentype-abs-pos");
             var f32 = SafetensorsFile.open(g.dir.resolve("model.safetensors"));
             var f16 = SafetensorsFile.open(g.dir.resolve("formats/fp16/model.safetensors"));
             Arena arena = Arena.ofConfined()) {
            DebertaConfig c = DebertaConfig.load(g.dir);
            String name = "embeddings.word_embeddings.weight";
            MemorySegment mapped = new WeightReader(f32, dev.deberta4j.config.ModelFamily.DEBERTA_V2, true, arena).backboneTable(name, c.vocabSize, c.embeddingSize);
            assertThat(mapped.isMapped()).as("float32: the file's own bytes").isTrue();
            assertThat(mapped.isNative()).isTrue();
            float[] expected = f32.readFloats("deberta." + name);
            float[] rows = new EmbeddingTable(mapped, c.vocabSize, c.embeddingSize).toFloats();
            assertThat(rows).containsExactly(expected);

            MemorySegment widened = new WeightReader(f16, dev.deberta4j.config.ModelFamily.DEBERTA_V2, true, arena).backboneTable(name, c.vocabSize, c.embeddingSize);
            assertThat(widened.isMapped()).as("float16: converted").isFalse();
            assertThat(widened.isNative()).as("off the heap").isTrue();
            assertThat(new EmbeddingTable(widened, c.vocabSize, c.embeddingSize).toFloats())
                    .containsExactly(f16.readFloats("deberta." + name));
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
