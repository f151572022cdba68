package dev.deberta4j.train;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.io.InMemoryTensorSource;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.ModelLoadException;
import dev.deberta4j.model.WeightInitializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a trainable model reads its initial weights, and what it says when they do not fit. */
class InitialWeightsTest {
    private final DebertaConfig config = TinyModels.v3(2);

    @Test
    void aWeightOfTheWrongShapeIsNamedWithBothShapes() {
        InMemoryTensorSource weights = WeightInitializer.initialise(config, HeadType.SEQUENCE_CLASSIFICATION, 1);
        weights.putFloats("classifier.weight", new float[3 * 16], 3, 16);
        assertThatThrownBy(() -> TrainableModel.create(config, HeadType.SEQUENCE_CLASSIFICATION, weights, 1))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("classifier.weight").hasMessageContaining("[3, 16]").hasMessageContaining("[2, 16]");
    }

    @Test
    void aMissingBackboneWeightIsNamed() {
        InMemoryTensorSource full = WeightInitializer.initialise(config, HeadType.SEQUENCE_CLASSIFICATION, 1);
        InMemoryTensorSource partial = new InMemoryTensorSource(full.path());
        for (String name : full.names()) {
            if (!name.equals("deberta.encoder.layer.1.output.dense.weight")) {
                partial.putFloats(name, full.readFloats(name), full.info(name).shape());
            }
        }
        assertThatThrownBy(() -> TrainableModel.create(config, HeadType.SEQUENCE_CLASSIFICATION, partial, 1))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("missing weights").hasMessageContaining("deberta.encoder.layer.1.output.dense.weight");
    }

    @Test
    void aTaskCheckpointLoadsUnchangedWithoutFreshWeights() {
        InMemoryTensorSource weights = WeightInitializer.initialise(config, HeadType.MASKED_LM, 4);
        TrainableModel model = TrainableModel.create(config, HeadType.MASKED_LM, weights, 1);
        assertThat(model.freshlyInitialised()).isEmpty();
        for (Parameter p : model.parameters()) assertThat(p.data()).as(p.name()).containsExactly(weights.readFloats(p.name()));
    }

    @Test
    void aBackboneWithoutAHeadCannotBeTrained() {
        assertThatThrownBy(() -> TrainableModel.initialise(config, HeadType.BASE, 1))
                .hasMessageContaining("no loss to train");
    }
}
