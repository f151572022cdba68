package dev.deberta4j.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointSelectionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode eval(String split, long step, double accuracy) {
        return JSON.createObjectNode().put("type", "eval").put("step", step).put("epoch", 0).put("split", split)
                .put("loss", 1.0 - accuracy).put("accuracy", accuracy);
    }

    @Test
    void finalBestOnDevAndBestOnTestAreTheirOwnCheckpoints() {
        List<JsonNode> log = new ArrayList<>();
        log.add(JSON.createObjectNode().put("type", "train").put("step", 1).put("loss", 0.7));
        double[] dev = {0.70, 0.80, 0.80, 0.75};
        double[] test = {0.71, 0.78, 0.83, 0.76};
        for (int i = 0; i < dev.length; i++) {
            log.add(eval("dev", 100 * (i + 1), dev[i]));
            log.add(eval("test", 100 * (i + 1), test[i]));
        }
        CheckpointSelection s = CheckpointSelection.of(log, "accuracy");
        assertThat(s.last().step()).isEqualTo(400);
        assertThat(s.last().testScore("accuracy")).isEqualTo(0.76);
        // dev ties at steps 200 and 300: the earlier one, as the fine-tuning run keeps it
        assertThat(s.bestOnDev().step()).isEqualTo(200);
        assertThat(s.bestOnDev().testScore("accuracy")).isEqualTo(0.78);
        assertThat(s.bestOnDev().dev()).containsEntry("accuracy", 0.80);
        assertThat(s.bestOnTest().step()).isEqualTo(300);
        assertThat(s.bestOnTest().testScore("accuracy")).isEqualTo(0.83);
    }

    @Test
    void withoutADevSplitThereIsNoBestOnDevAndWithoutTestLinesNoScore() {
        List<JsonNode> log = List.of(eval("test", 10, 0.6), eval("test", 20, 0.55));
        CheckpointSelection s = CheckpointSelection.of(log, "accuracy");
        assertThat(s.bestOnDev()).isNull();
        assertThat(s.last().dev()).isNull();
        assertThat(s.bestOnTest().step()).isEqualTo(10);
        assertThatThrownBy(() -> CheckpointSelection.of(List.of(eval("dev", 1, 0.5)), "accuracy"))
                .hasMessageContaining("no test evaluation");
    }
}
