package dev.deberta4j.kernels;

import dev.deberta4j.model.DebertaModel;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.LoadOptions;
import dev.deberta4j.model.ModelInput;
import dev.deberta4j.model.ModelOutput;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A whole forward pass gives the same bits cold (scalar tiles and element-wise loops) as with the vector kernels. */
class ColdForwardTest {
    @Test
    void aColdForwardPassEqualsAWarmOneBitForBit() throws URISyntaxException {
        // The gemm-rows-8 run sets deberta4j.warmUpKernels, which turns the cold path off (LIMIT 0).
        assumeTrue(ColdTiles.LIMIT > 0, "the cold path is off in this JVM");
        Path dir = Path.of(ColdForwardTest.class.getResource("/fixtures/v3-long").toURI());
        try (DebertaModel model = DebertaModel.load(dir, LoadOptions.head(HeadType.SEQUENCE_CLASSIFICATION))) {
            ModelInput input = ModelInput.random(2, 37, model.config().vocabSize, 0, 5);
            ColdTiles.restart();
            ModelOutput cold = model.forward(input, true, false);
            assertThat(ColdTiles.takeElements(0)).as("the pass stayed within the cold budget").isTrue();
            ColdTiles.handOver();
            ModelOutput warm = model.forward(input, true, false);
            assertThat(cold.logits().data()).isEqualTo(warm.logits().data());
            for (int i = 0; i < warm.hiddenStates().size(); i++) {
                assertThat(cold.hiddenStates().get(i).data()).as("hidden state %d", i)
                        .isEqualTo(warm.hiddenStates().get(i).data());
            }
        }
    }
}
