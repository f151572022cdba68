package dev.deberta4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GemmFlopsTest {
    @Test
    void returnsAPositiveFiniteRate() {
        double gflops = GemmFlops.measure(8, 16, 8, 1, 0.01);
        assertThat(gflops).isPositive().isFinite();
    }

    @Test
    void rejectsNonPositiveArguments() {
        assertThatThrownBy(() -> GemmFlops.measure(8, 0, 8, 1, 0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n=0");
        assertThatThrownBy(() -> GemmFlops.measure(8, 8, 8, 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seconds=0");
    }
}
