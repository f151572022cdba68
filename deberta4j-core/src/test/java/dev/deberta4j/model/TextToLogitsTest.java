package dev.deberta4j.model;

import dev.deberta4j.tokenizer.Encoding;
import dev.deberta4j.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Text goes straight to logits: tokenizer encodings become a padded, masked model input. */
class TextToLogitsTest {
    private static final Tokenizer TOKENIZER = Tokenizer.load(GoldenCase.resource("/tokenizers/ko-unigram-8k"));

    private static DebertaModel smallKoreanModel() {
        var config = ModelShapes.v3(32, 2, 2, 64).with(java.util.Map.of("vocab_size", 8000));
        return DebertaModel.randomlyInitialised(config, HeadType.SEQUENCE_CLASSIFICATION, 11);
    }

    @Test
    void batchOfTextsGivesTheSameLogitsAsEachTextAlone() {
        DebertaModel model = smallKoreanModel();
        List<String> texts = List.of("이 영화 정말 재밌어요", "별로였다", "배우들의 연기가 좋았고 음악도 훌륭했다");
        ModelInput batch = ModelInput.encode(TOKENIZER, texts);
        Encoding first = TOKENIZER.encode(texts.get(0));
        assertThat(batch.batch()).isEqualTo(3);
        assertThat(java.util.Arrays.copyOf(batch.inputIds(), first.length())).containsExactly(first.ids());
        float[] logits = model.forward(batch).logits().data();
        for (int i = 0; i < texts.size(); i++) {
            float[] alone = model.forward(ModelInput.encode(TOKENIZER, List.of(texts.get(i)))).logits().data();
            assertThat(logits[2 * i]).isCloseTo(alone[0], org.assertj.core.data.Offset.offset(1e-5f));
            assertThat(logits[2 * i + 1]).isCloseTo(alone[1], org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    @Test
    void pairsCarryTypeIdsAndTooLongTextIsAnErrorNotATruncation() {
        DebertaModel model = smallKoreanModel();
        ModelInput pairs = ModelInput.encodePairs(TOKENIZER, List.of("질문 하나"), List.of("대답 둘"));
        assertThat(pairs.tokenTypeIds()).contains(1);
        assertThat(model.forward(pairs).logits().shape()).containsExactly(1, 2);
        String longText = "가나다라 ".repeat(400);
        ModelInput longInput = ModelInput.encode(TOKENIZER, List.of(longText));
        assertThat(longInput.seqLen()).isGreaterThan(512);
        // V3 adds no absolute positions: the long text runs whole (no truncation) ...
        assertThat(model.forward(longInput).logits().shape()).containsExactly(1, 2);
        // ... while a model with absolute position embeddings refuses it naming its limit.
        var absolute = ModelShapes.v3(32, 2, 2, 64).with(java.util.Map.of("vocab_size", 8000, "position_biased_input", true));
        DebertaModel withPositions = DebertaModel.randomlyInitialised(absolute, HeadType.SEQUENCE_CLASSIFICATION, 11);
        assertThatThrownBy(() -> withPositions.forward(longInput))
                .hasMessageContaining("exceeds max_position_embeddings 512");
    }
}
