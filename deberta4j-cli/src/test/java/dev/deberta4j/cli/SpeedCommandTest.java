package dev.deberta4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deberta4j.kernels.Gemm;
import org.junit.jupiter.api.Test;

/** {@code deberta4j speed --json} names the machine and the kernel beside its figures. */
class SpeedCommandTest {
    @Test
    void jsonRecordsCpuVectorWidthAndKernel() throws Exception {
        CliRun run = CliRun.of("speed", "--model", "../deberta4j-core/src/test/resources/fixtures/v3-base-like",
                "--shapes", "1x8", "--runs", "1", "--warmup", "0", "--warmup-seconds", "0", "--gemm-seconds", "0",
                "--json");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out().substring(run.out().indexOf('{')));
        assertThat(json.get("cpu").asText()).isEqualTo(CpuModel.name()).isNotBlank();
        assertThat(json.get("vector_bits").asInt()).isEqualTo(Gemm.vectorBits()).isIn(256, 512);
        assertThat(json.get("kernel").asText()).contains(Gemm.vectorBits() + "-bit");
        assertThat(json.get("vector_choice").asText()).isEqualTo(Gemm.vectorChoice()).isNotBlank();
        assertThat(json.get("shapes").get(0).get("tokens_per_s").asDouble()).isPositive();
        // Process CPU time ticks in whole scheduler ticks on Linux (10 ms): one pass of this 2-layer fixture
        // model can take less, so zero is a valid reading here.
        JsonNode cpu = json.get("shapes").get(0).get("cpu_s_per_run");
        assertThat(cpu).isNotNull();
        assertThat(cpu.isNumber()).as("cpu_s_per_run is a number: %s", cpu).isTrue();
        assertThat(cpu.asDouble()).isNotNegative();
    }
}
