package dev.deberta4j.model;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.io.SafetensorsFile;
import dev.deberta4j.io.TensorSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The layout names and shapes every tensor exactly as transformers' save_pretrained wrote the fixtures. */
class ParameterLayoutTest {
    static Stream<Object[]> casesAndHeads() {
        return GoldenParityTest.casesAndHeads();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("casesAndHeads")
    void layoutEqualsTheCheckpointTransformersWrote(String caseName, String head) {
        try (GoldenCase g = new GoldenCase(caseName); TensorSource w = g.headWeights(head);
             TensorSource headOnly = SafetensorsFile.open(g.dir.resolve(g.golden.get("heads").get(head).get("weights").asText()))) {
            DebertaConfig config = g.headConfig(head);
            HeadType type = GoldenParityTest.headType(head);
            Map<String, String> expected = new TreeMap<>();
            for (String name : w.names()) {
                boolean isHeadTensor = !name.startsWith("deberta.");
                if (isHeadTensor && !headOnly.contains(name)) continue;   // another head's tensor in model.safetensors
                expected.put(name, java.util.Arrays.toString(w.info(name).shape()));
            }
            Map<String, String> actual = new TreeMap<>();
            for (ParameterLayout.Entry e : ParameterLayout.of(config, type).entries()) {
                if (!e.buffer()) actual.put(e.name(), java.util.Arrays.toString(e.shape()));
            }
            assertThat(actual).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.deberta4j.model.GoldenParityTest#cases")
    void initialisedModelLoadsWithoutMissingOrUnexpectedWeights(String caseName) {
        try (GoldenCase g = new GoldenCase(caseName)) {
            DebertaConfig config = DebertaConfig.load(g.dir);
            for (HeadType head : HeadType.values()) {
                if (!head.existsIn(config.family)) continue;
                DebertaConfig forHead = head == HeadType.QUESTION_ANSWERING
                        ? config.with(Map.of("num_labels", 2)) : config;
                DebertaModel model = DebertaModel.randomlyInitialised(forHead, head, 7);
                assertThat(model.loadReport().unexpected()).as(head.name()).isEmpty();
                assertThat(model.loadReport().initialised()).as(head.name()).isEmpty();
            }
        }
    }
}
