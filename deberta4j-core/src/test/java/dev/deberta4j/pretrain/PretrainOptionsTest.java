package dev.deberta4j.pretrain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PretrainOptionsTest {
    private static PretrainOptions options(int batch, int accum, long warmup, long steps) {
        return new PretrainOptions(batch, accum, 1e-3, warmup, steps, 0.01, 0.9, 0.98, 1e-6, 1.0, 42, 0, 0.15,
                MaskingPolicy.Replacement.allMask(), 1.0);
    }

    @Test
    void maxTokensRoundUpToWholeSteps() {
        assertThat(PretrainOptions.stepsForTokens(1, 8, 2, 128)).isEqualTo(1);
        assertThat(PretrainOptions.stepsForTokens(2048, 8, 2, 128)).isEqualTo(1);
        assertThat(PretrainOptions.stepsForTokens(2049, 8, 2, 128)).isEqualTo(2);
        assertThat(PretrainOptions.stepsForTokens(1_000_000_000_000L, 32, 1, 512)).isEqualTo(61_035_157L);
        assertThat(options(8, 2, 0, 10).sequencesPerStep()).isEqualTo(16);
    }

    @Test
    void badValuesAreNamedByTheirOption() {
        assertThatThrownBy(() -> options(0, 1, 0, 10)).hasMessageContaining("--batch-size must be >= 1, found 0");
        assertThatThrownBy(() -> options(1, 0, 0, 10)).hasMessageContaining("--grad-accum");
        assertThatThrownBy(() -> options(1, 1, 11, 10)).hasMessageContaining("--warmup-steps must be in [0, 10]");
        assertThatThrownBy(() -> options(1, 1, 0, 0)).hasMessageContaining("at least one step");
    }
}
