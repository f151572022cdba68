package dev.deberta4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bench-train --step rtd} runs the pre-training step and reports it; a bad step kind is one line. */
class BenchTrainCommandTest {

    @Test
    void timesAnRtdStepWithoutAPyTorchAnchor() throws Exception {
        CliRun run = CliRun.of("bench-train", "--step", "rtd", "--shapes", "h256l6", "--batch", "1", "--seq", "16",
                "--runs", "1", "--warmup", "0", "--gemm-seconds", "0.1", "--json");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.path("step").asText()).isEqualTo("rtd");
        JsonNode row = json.path("shapes").get(0);
        assertThat(row.path("shape").asText()).isEqualTo("h256l6");
        assertThat(row.path("tokens_per_s").asDouble()).isPositive();
        assertThat(row.has("pytorch_s")).isFalse();
        assertThat(row.path("step_gflop").asDouble()).isPositive();
        assertThat(row.path("step_gflops").asDouble()).isPositive();
        assertThat(row.path("gemm_gflops").asDouble()).isPositive();
        assertThat(row.path("cpu_s").asDouble()).isPositive();
    }

    @Test
    void rejectsAnUnknownStep() {
        CliRun run = CliRun.of("bench-train", "--step", "mlm");
        assertThat(run.code()).isNotZero();
        assertThat(run.err()).contains("--step: expected classification or rtd, found 'mlm'");
    }
}
