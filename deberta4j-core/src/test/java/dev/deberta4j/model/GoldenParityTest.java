package dev.deberta4j.model;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.io.TensorSource;
import dev.deberta4j.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every fixture case and every head against the outputs of Hugging Face transformers' DeBERTa-V2 code:
 * all hidden states, the last layer's attention probabilities and every head's logits within 1e-5.
 *
 * <p>The one exception is the masked-LM logits (values up to 19), held to 2e-5 (1e-6 relative): that head is
 * ill-conditioned in float32. Evaluating transformers' own MLM head in float64 on its own float32 last hidden
 * states lands up to 7.6e-6 from its float32 output (measured on these fixtures), so any float32 implementation
 * carries that much on top of the backbone's 2e-6.
 */
class GoldenParityTest {
    static final float TOLERANCE = 1e-5f;
    static final float MLM_TOLERANCE = 2e-5f;

    static Stream<String> cases() {
        return GoldenCase.ALL.stream();
    }

    /** The cases whose golden carries relative_pos (all but v3-long, which leaves it out to stay small). */
    static Stream<String> casesWithRelativePositions() {
        return GoldenCase.CASES.stream();
    }

    static Stream<Object[]> casesAndHeads() {
        return GoldenCase.ALL.stream().flatMap(c -> {
            try (GoldenCase g = new GoldenCase(c)) {
                return g.heads().stream().map(h -> new Object[]{c, h});
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void backboneHiddenStatesAndAttentionsMatch(String caseName) {
        try (GoldenCase g = new GoldenCase(caseName);
             TensorSource weights = dev.deberta4j.io.SafetensorsFile.open(g.dir.resolve("model.safetensors"))) {
            DebertaModel model = DebertaModel.load(DebertaConfig.load(g.dir), weights, LoadOptions.head(HeadType.BASE));
            boolean attentions = g.has("attentions.last");
            assertThat(attentions).as("every case but v3-long carries attentions").isEqualTo(!g.name.equals(GoldenCase.LONG));
            ModelOutput out = model.forward(g.input(), true, attentions);
            int layers = g.numLayers();
            assertThat(out.hiddenStates()).hasSize(layers + 1);
            for (int i = 0; i <= layers; i++) {
                assertClose(g.name + " hidden_states." + i, out.hiddenStates().get(i), g.tensor("hidden_states." + i));
            }
            assertClose(g.name + " last_hidden_state", out.lastHiddenState(), g.tensor("last_hidden_state"));
            if (attentions) {
                assertClose(g.name + " attentions.last", out.attentions().get(layers - 1), g.tensor("attentions.last"));
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("casesAndHeads")
    void headLogitsMatch(String caseName, String head) {
        try (GoldenCase g = new GoldenCase(caseName); TensorSource weights = g.headWeights(head)) {
            DebertaConfig config = g.headConfig(head);
            HeadType type = headType(head);
            DebertaModel model = DebertaModel.load(config, weights, LoadOptions.head(type));
            ModelInput in = g.input();
            if (type == HeadType.MULTIPLE_CHOICE) in = in.asChoices(in.batch());
            ModelOutput out = model.forward(in);
            if (type == HeadType.QUESTION_ANSWERING) {
                assertClose(caseName + " qa_start", out.startLogits(), g.tensor("logits.qa_start"));
                assertClose(caseName + " qa_end", out.endLogits(), g.tensor("logits.qa_end"));
            } else {
                assertClose(caseName + " " + head, out.logits(), g.tensor("logits." + head),
                        type == HeadType.MASKED_LM ? MLM_TOLERANCE : TOLERANCE);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("casesWithRelativePositions")
    void relativePositionsMatchBuildRelativePosition(String caseName) {
        try (GoldenCase g = new GoldenCase(caseName)) {
            DebertaConfig c = DebertaConfig.load(g.dir);
            int len = g.input().seqLen();
            long[] golden = g.outputs.readLongs("relative_pos");
            for (int i = 0; i < len; i++) {
                for (int j = 0; j < len; j++) {
                    int expected = (int) golden[i * len + j];
                    int actual = c.positionBuckets > 0
                            ? RelativePositions.bucket(i - j, c.positionBuckets, c.maxRelativePositions()) : i - j;
                    assertThat(actual).as("%s relative_pos[%d][%d]", caseName, i, j).isEqualTo(expected);
                }
            }
        }
    }

    /** The model class of a fixture head name. */
    static HeadType headType(String fixtureHead) {
        return switch (fixtureHead) {
            case "seq_cls", "seq_reg" -> HeadType.SEQUENCE_CLASSIFICATION;
            case "token_cls" -> HeadType.TOKEN_CLASSIFICATION;
            case "qa" -> HeadType.QUESTION_ANSWERING;
            case "mlm" -> HeadType.MASKED_LM;
            case "multiple_choice" -> HeadType.MULTIPLE_CHOICE;
            default -> throw new IllegalArgumentException(fixtureHead);
        };
    }

    static void assertClose(String what, Tensor actual, Tensor expected) {
        assertClose(what, actual, expected, TOLERANCE);
    }

    static void assertClose(String what, Tensor actual, Tensor expected, float tolerance) {
        assertThat(actual).as(what + " present").isNotNull();
        assertThat(actual.shape()).as(what + " shape").containsExactly(expected.shape());
        float diff = actual.maxAbsDiff(expected);
        if (System.getenv("PARITY_DEBUG") != null) {
            float mx = 0;
            for (float v : expected.data()) mx = Math.max(mx, Math.abs(v));
            System.out.printf("PARITY %-40s diff %.3e max|x| %.3f%n", what, diff, mx);
        }
        assertThat(diff).as(what + " max |diff|").isLessThanOrEqualTo(tolerance);
    }

}
