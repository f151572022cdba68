package dev.deberta4j.pipeline;

import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.ModelInput;
import dev.deberta4j.testing.ModelFixtures;
import dev.deberta4j.tokenizer.Encoding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

/**
 * Token classification end to end on real tokenizers. With a zero classifier weight and a fixed bias every token gets
 * the same label, so the entities follow from the tokenization alone:
 * ko-unigram-8k: ▁이(0,1) 순 신 은(3,4) ▁조(4,6) 선 의(7,8) ▁장군(8,11) 이다(11,13) — offsets of a word-initial
 * token include the space before it; koelectra: 이순(0,2) ##신은(2,4) 조선(5,7) ##의(7,8) 장군(9,11) ##이다(11,13).
 */
class TokenClassifierTest {
    private static final String[] LABELS = {"O", "B-PER", "I-PER"};
    private static final String TEXT = "이순신은 조선의 장군이다";

    @TempDir Path dir;

    private TokenClassifier forced(String tokenizer, AggregationStrategy strategy, float... bias) {
        TestModels.write(dir, tokenizer, HeadType.TOKEN_CLASSIFICATION, LABELS, Map.of(), 5,
                ModelFixtures.constantLogits("classifier", bias));
        return TokenClassifier.load(dir, strategy);
    }

    private static double softmaxOf(int i, float... logits) {
        return TextClassifierTest.referenceSoftmax(logits)[i];
    }

    @Test
    void noneGivesEveryTokenWithItsIndexRawTokenAndOffsets() {
        List<TokenEntity> tokens = forced(TestModels.UNIGRAM, AggregationStrategy.NONE, 0, 3, 1).classify(TEXT);
        assertThat(tokens).extracting(TokenEntity::word, TokenEntity::start, TokenEntity::end, TokenEntity::index)
                .containsExactly(tuple("▁이", 0, 1, 1), tuple("순", 1, 2, 2), tuple("신", 2, 3, 3), tuple("은", 3, 4, 4),
                        tuple("▁조", 4, 6, 5), tuple("선", 6, 7, 6), tuple("의", 7, 8, 7), tuple("▁장군", 8, 11, 8),
                        tuple("이다", 11, 13, 9));
        assertThat(tokens).allSatisfy(t -> {
            assertThat(t.label()).isEqualTo("B-PER");
            assertThat(t.score()).isCloseTo(softmaxOf(1, 0, 3, 1), within(1e-9));
        });
    }

    @Test
    void simpleStartsAGroupAtEveryBTagAndMergesITags() {
        List<TokenEntity> b = forced(TestModels.UNIGRAM, AggregationStrategy.SIMPLE, 0, 3, 1).classify(TEXT);
        assertThat(b).hasSize(9);
        assertThat(b.get(4)).extracting(TokenEntity::label, TokenEntity::word, TokenEntity::start, TokenEntity::end,
                TokenEntity::index).containsExactly("PER", "조", 4, 6, -1);
        assertThat(b.get(4).score()).isCloseTo(softmaxOf(1, 0, 3, 1), within(1e-9));

        List<TokenEntity> i = forced(TestModels.UNIGRAM, AggregationStrategy.SIMPLE, 0, 1, 3).classify(TEXT);
        assertThat(i).extracting(TokenEntity::label, TokenEntity::word, TokenEntity::start, TokenEntity::end)
                .containsExactly(tuple("PER", TEXT, 0, 13));
        assertThat(i.getFirst().score()).isCloseTo(softmaxOf(2, 0, 1, 3), within(1e-9));
    }

    @Test
    void wordStrategiesGroupSentencePieceTokensIntoSpaceSeparatedWords() {
        for (AggregationStrategy s : List.of(AggregationStrategy.FIRST, AggregationStrategy.AVERAGE, AggregationStrategy.MAX)) {
            List<TokenEntity> words = forced(TestModels.UNIGRAM, s, 0, 3, 1).classify(TEXT);
            assertThat(words).as(s.name()).extracting(TokenEntity::label, TokenEntity::word, TokenEntity::start, TokenEntity::end)
                    .containsExactly(tuple("PER", "이순신은", 0, 4), tuple("PER", "조선의", 4, 8), tuple("PER", "장군이다", 8, 13));
            assertThat(words.getFirst().score()).isCloseTo(softmaxOf(1, 0, 3, 1), within(1e-9));
        }
    }

    @Test
    void wordStrategiesGroupWordPieceContinuationsByTheirPrefix() {
        List<TokenEntity> words = forced(TestModels.WORDPIECE, AggregationStrategy.FIRST, 0, 3, 1).classify(TEXT);
        assertThat(words).extracting(TokenEntity::word, TokenEntity::start, TokenEntity::end)
                .containsExactly(tuple("이순신은", 0, 4), tuple("조선의", 5, 8), tuple("장군이다", 9, 13));
    }

    @Test
    void outsideLabelsAreDroppedByDefault() {
        assertThat(forced(TestModels.UNIGRAM, AggregationStrategy.SIMPLE, 5, 0, 0).classify(TEXT)).isEmpty();
        assertThat(forced(TestModels.UNIGRAM, AggregationStrategy.NONE, 5, 0, 0).classify(TEXT)).isEmpty();
    }

    @Test
    void unknownTokensShowTheirOriginalTextAndOffsetsCountCodePoints() {
        // U+1F600 is outside the vocabulary ([UNK]) and two UTF-16 chars long but one code point, as in Python.
        String text = "😀 이순신";
        assertThat(TestModels.tokenizer(TestModels.UNIGRAM).encode(text).ids()).contains(3);   // [UNK]
        TokenClassifier none = forced(TestModels.UNIGRAM, AggregationStrategy.NONE, 0, 3, 1);
        List<TokenEntity> tokens = none.classify(text);
        TokenEntity unk = tokens.stream().filter(t -> t.word().equals("😀")).findFirst().orElseThrow();
        assertThat(unk.start()).isZero();
        assertThat(unk.end()).isEqualTo(1);
        assertThat(tokens.getLast().end()).isEqualTo(5);

        List<TokenEntity> grouped = forced(TestModels.UNIGRAM, AggregationStrategy.SIMPLE, 0, 1, 3).classify(text);
        assertThat(grouped).hasSize(1);
        assertThat(grouped.getFirst().word()).startsWith("😀").endsWith("이순신");
        assertThat(grouped.getFirst().end()).isEqualTo(5);
    }

    @Test
    void randomModelLabelsAreTheArgmaxOfEachTokensSoftmaxInEveryBatchLayout() {
        TestModels.write(dir, TestModels.UNIGRAM, HeadType.TOKEN_CLASSIFICATION, new String[]{"O", "B-LOC", "I-LOC", "B-PER", "I-PER"});
        PipelineModel pm = PipelineModel.load(dir, HeadType.TOKEN_CLASSIFICATION);
        List<String> texts = List.of(TEXT, "서울은 한국의 수도이다", "부산");
        var classifier = new TokenClassifier(pm, PipelineOptions.defaults().withBatchSize(2), AggregationStrategy.NONE, Set.of());
        List<List<TokenEntity>> out = classifier.classify(texts);
        for (int i = 0; i < texts.size(); i++) {
            Encoding e = pm.tokenizer().encode(texts.get(i));
            var logits = pm.model().forward(ModelInput.encode(pm.tokenizer(), List.of(texts.get(i)))).logits();
            assertThat(out.get(i)).hasSize(e.length() - 2);
            for (TokenEntity t : out.get(i)) {
                float[] row = new float[5];
                for (int l = 0; l < 5; l++) row[l] = logits.get(0, t.index(), l);
                double[] p = TextClassifierTest.referenceSoftmax(row);
                int best = 0;
                for (int l = 1; l < 5; l++) if (p[l] > p[best]) best = l;
                assertThat(t.label()).isEqualTo(pm.model().config().id2label.get(best));
                assertThat(t.score()).isCloseTo(p[best], within(1e-5));
                assertThat(t.start()).isEqualTo(e.start(t.index()));
            }
        }
    }
}
