package dev.deberta4j.cli;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.io.CheckpointException;
import dev.deberta4j.io.InMemoryTensorSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InfoCommandTest {
    /** A scalar classifier.weight made {@code info} fail with ArrayIndexOutOfBoundsException. */
    @Test
    void scalarClassifierWeightIsAOneLineCheckpointError() {
        InMemoryTensorSource w = new InMemoryTensorSource(Path.of("model.safetensors"))
                .putFloats("pooler.dense.weight", new float[4], 2, 2)
                .putFloats("classifier.weight", new float[] {1});
        assertThatThrownBy(() -> InfoCommand.headsFound(w, true))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("model.safetensors: classifier.weight has shape [], expected [labels, hidden]");
    }

    @Test
    void headsOfAClassifierAreListed() {
        InMemoryTensorSource w = new InMemoryTensorSource(Path.of("model.safetensors"))
                .putFloats("pooler.dense.weight", new float[4], 2, 2)
                .putFloats("classifier.weight", new float[6], 3, 2);
        assertThat(InfoCommand.headsFound(w, true)).startsWith("sequence-classification (3 labels)");
    }

    @Test
    void headsAreFoundUnderTheFamilysNames() {
        InMemoryTensorSource bert = new InMemoryTensorSource(Path.of("model.safetensors"))
                .putFloats("bert.pooler.dense.weight", new float[4], 2, 2)
                .putFloats("classifier.weight", new float[6], 3, 2);
        assertThat(InfoCommand.headsFound(bert, true, DebertaConfig.parse("{\"model_type\": \"bert\"}")))
                .startsWith("sequence-classification (3 labels)");
        InMemoryTensorSource electra = new InMemoryTensorSource(Path.of("model.safetensors"))
                .putFloats("discriminator_predictions.dense.weight", new float[4], 2, 2)
                .putFloats("generator_predictions.dense.weight", new float[4], 2, 2);
        assertThat(InfoCommand.headsFound(electra, true, DebertaConfig.parse("{\"model_type\": \"electra\"}")))
                .isEqualTo("masked-lm, replaced-token-detection; base always");
    }
}
