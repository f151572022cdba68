package dev.deberta4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code speed-train --step rtd} runs the pre-training step and reports it; a bad step kind is one line. */
class SpeedTrainCommandTest {

    @Test
    void timesAnRtdStepWithoutAPyTorchAnchor() throws Exception {
        CliRun run = CliRun.of("speed-train", "--step", "rtd", "--shapes", "h256l6", "--batch", "1", "--seq", "16",
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
    void timesAConfigFilesShapeWithItsVocabulary(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("discriminator-config.json");
        Files.writeString(config, """
                {"model_type": "deberta-v2", "vocab_size": 1000, "hidden_size": 64, "num_hidden_layers": 2,
                 "num_attention_heads": 2, "intermediate_size": 128, "max_position_embeddings": 512,
                 "type_vocab_size": 0, "relative_attention": true, "position_buckets": 256,
                 "norm_rel_ebd": "layer_norm", "share_att_key": true, "pos_att_type": ["p2c", "c2p"],
                 "position_biased_input": false}""");
        CliRun run = CliRun.of("speed-train", "--step", "rtd", "--shapes", config.toString(), "--batch", "1",
                "--seq", "16", "--runs", "1", "--warmup", "0", "--gemm-seconds", "0", "--json");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode row = new ObjectMapper().readTree(run.out()).path("shapes").get(0);
        // Generator (1 layer) + discriminator (2 layers) share E_G; E_delta adds another 1000 x 64.
        assertThat(row.path("parameters").asLong()).isGreaterThan(2 * 1000 * 64).isLessThan(3 * 1000 * 64 + 200_000);
        assertThat(row.path("tokens_per_s").asDouble()).isPositive();
    }

    @Test
    void rejectsAnUnknownStep() {
        CliRun run = CliRun.of("bench-train", "--step", "mlm");
        assertThat(run.code()).isNotZero();
        assertThat(run.err()).contains("--step: expected classification or rtd, found 'mlm'");
    }
}
