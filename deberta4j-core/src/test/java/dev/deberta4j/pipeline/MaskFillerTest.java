package dev.deberta4j.pipeline;

import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.ModelInput;
import dev.deberta4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MaskFillerTest {
    @TempDir Path dir;

    /** A large output bias on one token makes it the prediction for every mask. */
    private MaskFiller forcing(int token) {
        TestModels.write(dir, TestModels.UNIGRAM, HeadType.MASKED_LM, null, Map.of(), 3, w -> {
            float[] bias = new float[8000];
            bias[token] = 100f;
            w.putFloats("cls.predictions.bias", bias, 8000);
        });
        return MaskFiller.load(dir);
    }

    @Test
    void aForcedTokenFillsTheMaskAndTheSequenceIsDecodedWithoutSpecialTokens() {
        int capital = TestModels.tokenizer(TestModels.UNIGRAM).tokenToId("▁수도");
        MaskFiller filler = forcing(capital);
        assertThat(filler.maskToken()).isEqualTo("[MASK]");
        List<MaskSlot> slots = filler.fill("서울은 한국의 [MASK]이다.", 3);
        assertThat(slots).hasSize(1);
        assertThat(slots.getFirst().position()).isEqualTo(6);
        MaskPrediction best = slots.getFirst().predictions().getFirst();
        assertThat(best.token()).isEqualTo(capital);
        assertThat(best.tokenStr()).isEqualTo("수도");
        assertThat(best.score()).isGreaterThan(0.999);
        assertThat(best.sequence()).isEqualTo("서울은 한국의 수도 이다.");
        assertThat(slots.getFirst().predictions()).hasSize(3);
    }

    @Test
    void everyMaskGetsItsOwnSlotAndSequencesKeepTheOtherMaskAndSpecialTokens() {
        int capital = TestModels.tokenizer(TestModels.UNIGRAM).tokenToId("▁수도");
        List<MaskSlot> slots = forcing(capital).fill("[MASK]은 한국의 [MASK]", 1);
        assertThat(slots).hasSize(2);
        assertThat(slots.get(0).predictions().getFirst().sequence()).startsWith("[CLS]").contains("[MASK]").endsWith("[SEP]");
        assertThat(slots.get(0).predictions().getFirst().sequence()).isNotEqualTo(slots.get(1).predictions().getFirst().sequence());
    }

    @Test
    void randomModelPredictionsAreTheTopOfTheSoftmaxOverTheVocabulary() {
        TestModels.write(dir, TestModels.UNIGRAM, HeadType.MASKED_LM);
        PipelineModel pm = PipelineModel.load(dir, HeadType.MASKED_LM);
        List<String> texts = List.of("서울은 한국의 [MASK]이다.", "[MASK] 영화", "아주 긴 문장 속에 [MASK] 하나가 숨어 있다");
        List<List<MaskSlot>> out = new MaskFiller(pm, PipelineOptions.defaults().withBatchSize(2)).fill(texts, 4);
        for (int i = 0; i < texts.size(); i++) {
            MaskSlot slot = out.get(i).getFirst();
            Tensor logits = pm.model().forward(ModelInput.encode(pm.tokenizer(), List.of(texts.get(i)))).logits();
            float[] row = new float[8000];
            for (int v = 0; v < row.length; v++) row[v] = logits.get(0, slot.position(), v);
            double[] p = TextClassifierTest.referenceSoftmax(row);
            int[] top = IntStream.range(0, p.length).boxed().sorted(Comparator.comparingDouble((Integer v) -> -p[v]))
                    .limit(4).mapToInt(Integer::intValue).toArray();
            assertThat(slot.predictions().stream().mapToInt(MaskPrediction::token).toArray()).containsExactly(top);
            for (MaskPrediction m : slot.predictions()) assertThat(m.score()).isCloseTo(p[m.token()], within(1e-6));
        }
    }

    @Test
    void aTextWithoutMaskIsAnError() {
        TestModels.write(dir, TestModels.UNIGRAM, HeadType.MASKED_LM);
        MaskFiller filler = MaskFiller.load(dir);
        assertThatThrownBy(() -> filler.fill(List.of("[MASK] 있음", "마스크 없음"), 1))
                .hasMessageContaining("input 1: no mask token ([MASK]) found");
    }
}
