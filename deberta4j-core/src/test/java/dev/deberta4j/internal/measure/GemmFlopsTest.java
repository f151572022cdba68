package dev.deberta4j.internal.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

class GemmFlopsTest {
    /**
     * The rate lies between two bounds that hold however loaded the machine is. Below: every window runs at least
     * one product, so the fastest product took at most the whole call's wall time, and the rate is at least
     * 2·m·n·k / wall time. Above: one thread cannot beat the core's peak, 2 FMA pipes x 2 flops x the float lanes
     * of a vector per cycle, at no more than 6 GHz. A rate off by a unit (1e3) or a flop count off by a dimension
     * (256) falls outside one of them.
     */
    @Test
    void rateIsBetweenTheWallClockFloorAndThePeakCeiling() {
        int m = 256;
        int n = 256;
        int k = 256;
        long start = System.nanoTime();
        double gflops = GemmFlops.measure(m, n, k, 1, 0.05);
        double wallSeconds = (System.nanoTime() - start) / 1e9;
        double floor = 2.0 * m * n * k / wallSeconds / 1e9;
        double ceiling = 2 * 2 * FloatVector.SPECIES_PREFERRED.length() * 6.0;
        assertThat(gflops).isFinite().isBetween(floor, ceiling);
    }

    @Test
    void rejectsNonPositiveArguments() {
        assertThatThrownBy(() -> GemmFlops.measure(8, 0, 8, 1, 0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n=0");
        assertThatThrownBy(() -> GemmFlops.measure(8, 8, 8, 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seconds=0");
    }
}
