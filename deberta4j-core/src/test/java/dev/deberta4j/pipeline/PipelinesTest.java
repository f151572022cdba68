package dev.deberta4j.pipeline;

import dev.deberta4j.model.HeadType;
import dev.deberta4j.testing.ModelFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PipelinesTest {
    @TempDir Path dir;

    @Test
    void oneLoadedModelServesTheClassifierAndTheEmbedder() {
        TestModels.write(dir, TestModels.UNIGRAM, HeadType.SEQUENCE_CLASSIFICATION, new String[]{"neg", "pos"}, Map.of(),
                1, ModelFixtures.constantLogits("classifier", 0, 3));
        Pipelines pipelines = Pipelines.load(dir);
        assertThat(pipelines.model().model().headType()).isEqualTo(HeadType.SEQUENCE_CLASSIFICATION);

        LabelScore best = pipelines.classifier().classify("좋은 영화", 1).getFirst();
        assertThat(best.label()).isEqualTo("pos");

        // the embedder over the same instance gives what a backbone-only load gives
        float[] shared = pipelines.embedder(Pooling.MEAN, false).embed("좋은 영화");
        float[] alone = Embedder.load(dir, Pooling.MEAN, false).embed("좋은 영화");
        assertThat(shared).hasSameSizeAs(alone);
        for (int i = 0; i < alone.length; i++) assertThat(shared[i]).isCloseTo(alone[i], within(1e-5f));

        assertThatThrownBy(() -> pipelines.fillMask()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a DebertaV2ForMaskedLM model");
        assertThat(pipelines.withOptions(PipelineOptions.defaults().withBatchSize(2)).model()).isSameAs(pipelines.model());
        assertThat(pipelines.classifier().classify(List.of("a", "b", "c"), 1)).hasSize(3);
    }
}
