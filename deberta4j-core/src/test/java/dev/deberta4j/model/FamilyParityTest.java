package dev.deberta4j.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.io.SafetensorsFile;
import dev.deberta4j.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static dev.deberta4j.model.GoldenParityTest.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * BERT, ELECTRA, XLM-RoBERTa and DistilBERT against transformers (fixtures/family, copied from
 * ../shared/fixtures/family): every hidden state of the sequence classification model and every head's logits
 * within 1e-5 (masked-LM logits 2e-5, see {@link GoldenParityTest}). Each head is loaded from its own
 * save_pretrained directory with the head its config.json names, so the model_type dispatch and the family's
 * architecture names are under test too. Padded positions are compared as transformers computes them.
 */
class FamilyParityTest {
    static final List<String> CASES = List.of("bert", "electra", "xlm-roberta", "distilbert");

    static Stream<Object[]> casesAndHeads() throws IOException {
        List<Object[]> out = new ArrayList<>();
        for (String c : CASES) {
            golden(c).get("heads").fieldNames().forEachRemaining(h -> out.add(new Object[]{c, h}));
        }
        return out.stream();
    }

    static Path dir(String caseName) {
        return GoldenCase.resource("/fixtures/family/" + caseName);
    }

    static JsonNode golden(String caseName) throws IOException {
        return new ObjectMapper().readTree(dir(caseName).resolve("golden.json").toFile());
    }

    static ModelInput input(SafetensorsFile golden) {
        long[] shape = golden.info("input_ids").shape();
        int batch = (int) shape[0];
        int len = (int) shape[1];
        int[] types = golden.contains("token_type_ids") ? ints(golden, "token_type_ids") : new int[batch * len];
        return new ModelInput(batch, len, ints(golden, "input_ids"), ints(golden, "attention_mask"), types, 1);
    }

    static int[] ints(SafetensorsFile f, String name) {
        return Arrays.stream(f.readLongs(name)).mapToInt(Math::toIntExact).toArray();
    }

    static Tensor tensor(SafetensorsFile f, String name) {
        long[] shape = f.info(name).shape();
        return new Tensor(f.readFloats(name), Arrays.stream(shape).mapToInt(Math::toIntExact).toArray());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.deberta4j.model.FamilyParityTest#caseNames")
    void hiddenStatesMatch(String caseName) {
        try (SafetensorsFile golden = SafetensorsFile.open(dir(caseName).resolve("golden.safetensors"));
             DebertaModel model = DebertaModel.load(dir(caseName).resolve("seq_cls"))) {
            assertThat(model.config().family.modelType()).isEqualTo(caseName);
            assertThat(model.loadReport().unexpected()).isEmpty();
            ModelOutput out = model.forward(input(golden), true, true);
            int layers = model.config().numHiddenLayers;
            assertThat(out.hiddenStates()).hasSize(layers + 1);
            for (int i = 0; i <= layers; i++) {
                assertClose(caseName + " hidden_states." + i, out.hiddenStates().get(i),
                        tensor(golden, "hidden_states." + i));
            }
            assertThat(out.attentions()).hasSize(layers);
        }
    }

    static Stream<String> caseNames() {
        return CASES.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("casesAndHeads")
    void headLogitsMatch(String caseName, String head) throws IOException {
        JsonNode spec = golden(caseName).get("heads").get(head);
        try (SafetensorsFile golden = SafetensorsFile.open(dir(caseName).resolve("golden.safetensors"));
             DebertaModel model = DebertaModel.load(dir(caseName).resolve(spec.get("dir").asText()))) {
            assertThat(model.headType().architecture(model.config().family)).isEqualTo(spec.get("class").asText());
            assertThat(model.loadReport().unexpected()).as("weights the head left unused").isEmpty();
            ModelOutput out = model.forward(input(golden));
            if (head.equals("qa")) {
                assertClose(caseName + " qa_start", out.startLogits(), tensor(golden, "logits.qa_start"));
                assertClose(caseName + " qa_end", out.endLogits(), tensor(golden, "logits.qa_end"));
            } else {
                assertClose(caseName + " " + head, out.logits(), tensor(golden, "logits." + head),
                        head.equals("mlm") ? GoldenParityTest.MLM_TOLERANCE : GoldenParityTest.TOLERANCE);
            }
        }
    }

    /** A backbone loaded alone (the family's *Model) from a task checkpoint gives the same last hidden state. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bert", "xlm-roberta"})
    void backboneAloneFromTaskCheckpoint(String caseName) {
        Path seqCls = dir(caseName).resolve("seq_cls");
        try (SafetensorsFile golden = SafetensorsFile.open(dir(caseName).resolve("golden.safetensors"));
             var weights = SafetensorsFile.open(seqCls.resolve("model.safetensors"));
             DebertaModel model = DebertaModel.load(DebertaConfig.load(seqCls), weights,
                     LoadOptions.head(HeadType.BASE))) {
            ModelOutput out = model.forward(input(golden));
            assertClose(caseName + " last_hidden_state", out.lastHiddenState(), tensor(golden, "hidden_states.2"));
        }
    }

    /** ForPreTraining is ELECTRA's alone in transformers; asking another family for it is a one-line error. */
    @org.junit.jupiter.api.Test
    void replacedTokenDetectionIsElectrasOnly() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DebertaModel.load(dir("bert").resolve("seq_cls"),
                        LoadOptions.head(HeadType.REPLACED_TOKEN_DETECTION)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("BertForPreTraining does not exist in transformers: replaced-token detection is "
                        + "ELECTRA's (ElectraForPreTraining)");
    }
}
