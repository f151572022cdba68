package dev.deberta4j.pretrain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's RTD step runs generator, sampling, discriminator and AdamW, and its RTD loss falls. */
class RtdStepRunnerTest {

    @Test
    void stepsTrainBothNetworks() {
        RtdStepRunner runner = new RtdStepRunner(RtdGoldenResources.tinyDiscriminator(), RtdOptions.defaults(), 2, 16, 1);
        assertThat(runner.tokensPerStep()).isEqualTo(32);
        assertThat(runner.parameterCount()).isEqualTo(runner.model().parameters().stream()
                .mapToLong(p -> p.size()).sum());
        RtdStepResult first = runner.step();
        assertThat(first.masked()).isPositive();
        assertThat(first.tokens()).isEqualTo(32);
        RtdStepResult last = first;
        for (int i = 0; i < 10; i++) last = runner.step();
        assertThat(Double.isFinite(last.totalLoss())).isTrue();
        assertThat(last.rtdLoss()).isLessThan(first.rtdLoss());
    }
}
