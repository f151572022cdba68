package dev.deberta4j.cli;

import dev.deberta4j.model.ModelShapes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The step FLOP counts against sums worked out by hand for h256l6 (hidden 256, 6 layers, intermediate 1024). */
class StepFlopsTest {
    // One layer at batch 1, length 16 (31 relative rows, c2p and p2c):
    //   Q, K, V, attention output  4 · 2·16·256·256   =  8,388,608
    //   feed-forward              2 · 2·16·256·1024  = 16,777,216
    //   QKᵀ and PV                2 · 2·16·16·256    =    262,144
    //   c2p and p2c     2 · (2·16·31·256 + 2·31·256·256) =  8,634,368
    private static final double LAYER = 34_062_336;

    @Test
    void classificationIsThreeTimesTheEncoderAndPoolerForward() {
        assertThat(StepFlops.encoderLayer(ModelShapes.byName("h256l6"), 1, 16)).isEqualTo(LAYER);
        assertThat(StepFlops.classification(ModelShapes.byName("h256l6"), 1, 16))
                .isEqualTo(3 * (6 * LAYER + 2.0 * 256 * 256));
    }

    @Test
    void rtdCountsTheVocabularyProjectionAtMaskedRowsOnly() {
        var d = ModelShapes.byName("h256l6");
        var g = ModelShapes.v3(256, 3, 4, 1024);
        double discriminator = 6 * LAYER + 2.0 * 16 * 256 * 256 + 2.0 * 16 * 256;
        double generatorLayers = 3 * LAYER;
        double perMasked = 2.0 * 256 * 256 + 2.0 * 256 * 64100;
        assertThat(StepFlops.rtd(d, g, 1, 16, 2, false)).isEqualTo(3 * (discriminator + generatorLayers + 2 * perMasked));
        assertThat(StepFlops.rtd(d, g, 1, 16, 2, true) - StepFlops.rtd(d, g, 1, 16, 2, false)).isEqualTo(3 * LAYER);
    }
}
