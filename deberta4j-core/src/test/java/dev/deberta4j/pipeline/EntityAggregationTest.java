package dev.deberta4j.pipeline;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

/**
 * The aggregation rules on hand-made token scores over labels O, B-LOC, I-LOC, B-PER, I-PER. Text of a run is its
 * token strings joined, so the grouping is visible in the words.
 */
class EntityAggregationTest {
    private static final Map<Integer, String> LABELS = Map.of(0, "O", 1, "B-LOC", 2, "I-LOC", 3, "B-PER", 4, "I-PER");
    private final EntityAggregation aggregation = new EntityAggregation(LABELS,
            tokens -> tokens.stream().map(TokenPrediction::token).collect(Collectors.joining()));

    private static TokenPrediction token(String text, int start, boolean subword, double... scores) {
        return new TokenPrediction(0, text, false, scores, start, start + text.length(), start + 1, subword);
    }

    // "서울 부산역": word 서울 = 서 + 울, word 부산역 = 부 + 산 + 역.
    private final List<TokenPrediction> tokens = List.of(
            token("서", 0, false, 0.1, 0.6, 0.1, 0.1, 0.1),     // B-LOC 0.6
            token("울", 1, true, 0.1, 0.1, 0.3, 0.5, 0.0),      // B-PER 0.5
            token("부", 3, false, 0.0, 0.45, 0.0, 0.55, 0.0),   // B-PER 0.55
            token("산", 4, true, 0.05, 0.05, 0.9, 0.0, 0.0),    // I-LOC 0.9
            token("역", 5, true, 0.1, 0.0, 0.5, 0.0, 0.4));     // I-LOC 0.5

    @Test
    void simpleMergesOnlyContinuingTagsOfTheSameType() {
        assertThat(aggregation.aggregate(tokens, AggregationStrategy.SIMPLE))
                .extracting(TokenEntity::label, TokenEntity::word, TokenEntity::start, TokenEntity::end)
                .containsExactly(tuple("LOC", "서", 0, 1), tuple("PER", "울", 1, 2), tuple("PER", "부", 3, 4),
                        tuple("LOC", "산역", 4, 6));
        assertThat(aggregation.aggregate(tokens, AggregationStrategy.SIMPLE).get(3).score()).isCloseTo(0.7, within(1e-12));
    }

    @Test
    void firstTakesTheFirstTokensLabel() {
        List<TokenEntity> words = aggregation.aggregate(tokens, AggregationStrategy.FIRST);
        assertThat(words).extracting(TokenEntity::label, TokenEntity::word, TokenEntity::start, TokenEntity::end)
                .containsExactly(tuple("LOC", "서울", 0, 2), tuple("PER", "부산역", 3, 6));
        assertThat(words).extracting(TokenEntity::score).containsExactly(0.6, 0.55);
    }

    @Test
    void maxTakesTheMostConfidentTokensLabel() {
        // 서울 -> B-LOC 0.6 (서), 부산역 -> I-LOC 0.9 (산), which continues the LOC entity.
        List<TokenEntity> groups = aggregation.aggregate(tokens, AggregationStrategy.MAX);
        assertThat(groups).extracting(TokenEntity::label, TokenEntity::word).containsExactly(tuple("LOC", "서울부산역"));
        assertThat(groups.getFirst().score()).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void averageTakesTheBestLabelOfTheMeanScores() {
        // 서울: mean (0.1, 0.35, 0.2, 0.3, 0.05) -> B-LOC 0.35; 부산역: mean (0.05, 0.1667, 0.4667, 0.1833, 0.1333) -> I-LOC.
        // I-LOC after B-LOC continues the LOC entity: one group, score the mean of the two words.
        List<TokenEntity> groups = aggregation.aggregate(tokens, AggregationStrategy.AVERAGE);
        assertThat(groups).extracting(TokenEntity::label, TokenEntity::word, TokenEntity::start, TokenEntity::end)
                .containsExactly(tuple("LOC", "서울부산역", 0, 6));
        assertThat(groups.getFirst().score()).isCloseTo((0.35 + 1.4 / 3) / 2, within(1e-12));
    }

    @Test
    void labelsWithoutBioPrefixContinueLikeInsideTags() {
        var plain = new EntityAggregation(Map.of(0, "PER", 1, "LOC"),
                ts -> ts.stream().map(TokenPrediction::token).collect(Collectors.joining()));
        List<TokenPrediction> ts = List.of(token("가", 0, false, 0.9, 0.1), token("나", 1, false, 0.8, 0.2),
                token("다", 2, false, 0.3, 0.7));
        assertThat(plain.aggregate(ts, AggregationStrategy.SIMPLE)).extracting(TokenEntity::label, TokenEntity::word)
                .containsExactly(tuple("PER", "가나"), tuple("LOC", "다"));
    }

    @Test
    void noneKeepsTokensAndTheirIndices() {
        assertThat(aggregation.aggregate(tokens, AggregationStrategy.NONE))
                .extracting(TokenEntity::label, TokenEntity::index)
                .containsExactly(tuple("B-LOC", 1), tuple("B-PER", 2), tuple("B-PER", 4), tuple("I-LOC", 5), tuple("I-LOC", 6));
    }
}
