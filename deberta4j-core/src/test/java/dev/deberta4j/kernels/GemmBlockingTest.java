package dev.deberta4j.kernels;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GemmBlockingTest {
    private static final int NC = GemmBlocking.NC_PANELS;

    @Test
    void aSmallLeftoverJoinsTheChunkInsteadOfPackingAAgain() {
        assertThat(GemmBlocking.chunkPanels(NC + NC / 8)).isEqualTo(NC + NC / 8);   // one chunk
        assertThat(GemmBlocking.chunkPanels(NC / 4)).isEqualTo(NC / 4);
        assertThat(GemmBlocking.chunkPanels(1)).isEqualTo(1);
    }

    @Test
    void largerProductsSplitIntoEqualChunksOfAboutNcPanels() {
        assertThat(GemmBlocking.chunkPanels(3 * NC)).isEqualTo(NC);
        assertThat(GemmBlocking.chunkPanels(2 * NC + NC / 4)).isEqualTo(NC + NC / 8);  // two equal chunks
        assertThat(GemmBlocking.chunkPanels(NC + NC / 2)).isEqualTo((NC + NC / 2 + 1) / 2);  // half a chunk: two
        for (int panels = 1; panels < 10 * NC; panels++) {
            int per = GemmBlocking.chunkPanels(panels);
            assertThat(per).isBetween(1, NC + NC / 2);
            int chunks = (panels + per - 1) / per;
            assertThat(panels - (chunks - 1) * per).as("last chunk of %d", panels).isGreaterThan(per / 2 - 1);
        }
    }
}
