package dev.deberta4j.model;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.kernels.Gemm;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Inputs longer than max_position_embeddings: accepted by models without absolute positions (v3-long's parity is
 * in {@link GoldenParityTest}), refused naming the limit by models that add them, and attended in row tiles whose
 * scratch grows linearly with the length.
 */
class LongInputTest {
    private static final int LONG = 4096;

    @Test
    void scratchPerThreadIsOneRowBlockBeyond512Tokens() {
        int relRows = 512;   // 2 · position_buckets for the V3 models
        int pad = 2 * (Gemm.panelWidth() - 1);   // c2p / p2c windows widened to whole packed panels
        // Up to 512 tokens a head is one tile: [L, L] scores and [L, ≤ 2L - 1] relative terms, as before tiling.
        assertThat(DisentangledSelfAttention.workspaceFloats(128, relRows, true, true))
                .isEqualTo(128L * 128 + 2L * 128 * (255 + pad));
        assertThat(DisentangledSelfAttention.workspaceFloats(512, relRows, true, true))
                .isEqualTo(512L * 512 + 2L * 512 * 512);
        // Beyond: 128 query rows x L scores, 128 x 2·span c2p, 128 x 255 p2c; never L x L.
        long at4096 = DisentangledSelfAttention.workspaceFloats(LONG, relRows, true, true);
        assertThat(at4096).isEqualTo(128L * LONG + 128L * 512 + 128L * (255 + pad));
        assertThat(at4096 * Float.BYTES).isLessThan(3L << 20);
        long at8192 = DisentangledSelfAttention.workspaceFloats(2 * LONG, relRows, true, true);
        assertThat(at8192 - at4096).as("linear in L").isEqualTo(128L * LONG);
    }

    @Test
    void fourThousandTokensAtBatchOneMatchTheUnpaddedPrefix() {
        DebertaConfig config = ModelShapes.v3(64, 2, 2, 128).with(Map.of("vocab_size", 1000));
        DebertaModel model = DebertaModel.randomlyInitialised(config, HeadType.TOKEN_CLASSIFICATION, 5);
        ModelInput full = ModelInput.random(1, LONG, config.vocabSize, config.padTokenId, 3);
        ModelOutput out = model.forward(full);
        assertThat(out.lastHiddenState().shape()).containsExactly(1, LONG, 64);
        for (float x : out.lastHiddenState().data()) assertThat(Float.isFinite(x)).isTrue();

        // The same 700 tokens padded to 4096 (tiled, every key tile masked past 700) give the 700-token output.
        int kept = 700;
        int[] ids = Arrays.copyOf(full.inputIds(), kept);
        ModelInput shortInput = ModelInput.of(List.of(ids), config.padTokenId);
        int[] paddedIds = Arrays.copyOf(ids, LONG);
        int[] mask = new int[LONG];
        Arrays.fill(mask, 0, kept, 1);
        ModelInput padded = new ModelInput(1, LONG, paddedIds, mask, new int[LONG], 1);
        float[] expected = model.forward(shortInput).lastHiddenState().data();
        float[] actual = Arrays.copyOf(model.forward(padded).lastHiddenState().data(), kept * 64);
        float worst = 0;
        for (int i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        assertThat(worst).isLessThanOrEqualTo(1e-5f);
    }

    @Test
    void modelsWithAbsolutePositionsStillRefuseInputsPastTheirTable() {
        DebertaConfig absolute = ModelShapes.v3(32, 1, 2, 64).with(Map.of("vocab_size", 100, "position_biased_input", true));
        DebertaModel model = DebertaModel.randomlyInitialised(absolute, HeadType.BASE, 1);
        assertThat(absolute.maxSequenceLength()).isEqualTo(512);
        assertThatThrownBy(() -> model.forward(ModelInput.random(1, 513, 100, 0, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sequence length 513 exceeds max_position_embeddings 512");
        assertThat(model.forward(ModelInput.random(1, 512, 100, 0, 1)).lastHiddenState().shape())
                .containsExactly(1, 512, 32);
        assertThat(ModelShapes.v3(32, 1, 2, 64).maxSequenceLength()).isEqualTo(Integer.MAX_VALUE);
    }
}
