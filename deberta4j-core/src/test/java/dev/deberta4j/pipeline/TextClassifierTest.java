package dev.deberta4j.pipeline;

import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.ModelInput;
import dev.deberta4j.testing.ModelFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TextClassifierTest {
    private static final String[] LABELS = {"negative", "neutral", "positive"};

    @TempDir Path dir;

    @Test
    void softmaxOfForcedLogitsRanksLabelsFromId2label() {
        // Classifier weight 0, bias (1, 2, 0): the logits are exactly (1, 2, 0) for every text.
        TestModels.write(dir, TestModels.UNIGRAM, HeadType.SEQUENCE_CLASSIFICATION, LABELS, Map.of(), 1,
                ModelFixtures.constantLogits("classifier", 1, 2, 0));
        TextClassifier classifier = TextClassifier.load(dir);
        assertThat(classifier.scoreFunction()).isEqualTo(ScoreFunction.SOFTMAX);

        double z = Math.exp(1) + Math.exp(2) + Math.exp(0);
        List<LabelScore> all = classifier.classify("이 영화 정말 재밌어요", 3);
        assertThat(all).extracting(LabelScore::label).containsExactly("neutral", "negative", "positive");
        assertThat(all.get(0).score()).isCloseTo(Math.exp(2) / z, within(1e-6));
        assertThat(all.get(1).score()).isCloseTo(Math.exp(1) / z, within(1e-6));
        assertThat(all.get(2).score()).isCloseTo(1 / z, within(1e-6));
        assertThat(classifier.classify("별로", 1)).extracting(LabelScore::label).containsExactly("neutral");
        assertThat(classifier.classify("별로", 10)).hasSize(3);
    }

    @Test
    void multiLabelProblemsUseSigmoidAndRegressionRawValues() {
        TestModels.write(dir, TestModels.UNIGRAM, HeadType.SEQUENCE_CLASSIFICATION, new String[]{"toxic", "spam"},
                Map.of("problem_type", "multi_label_classification"), 1, ModelFixtures.constantLogits("classifier", -1, 3));
        List<LabelScore> scores = TextClassifier.load(dir).classify("광고 문자", 2);
        assertThat(scores.get(0)).isEqualTo(new LabelScore("spam", 1 / (1 + Math.exp(-3))));
        assertThat(scores.get(1).score()).isCloseTo(1 / (1 + Math.exp(1)), within(1e-12));

        var softmaxAsked = new TextClassifier(PipelineModel.load(dir, HeadType.SEQUENCE_CLASSIFICATION),
                PipelineOptions.defaults(), ScoreFunction.parse("Softmax"));
        assertThat(softmaxAsked.classify("광고", 1).getFirst().score()).isCloseTo(Math.exp(3) / (Math.exp(3) + Math.exp(-1)), within(1e-9));
        assertThatThrownBy(() -> ScoreFunction.parse("relu")).hasMessageContaining("expected softmax, sigmoid or none");

        Path reg = TestModels.write(dir.resolve("reg"), TestModels.UNIGRAM, HeadType.SEQUENCE_CLASSIFICATION,
                new String[]{"LABEL_0"}, Map.of("problem_type", "regression"), 1, ModelFixtures.constantLogits("classifier", 2.5f));
        assertThat(TextClassifier.load(reg).classify("점수", 1)).containsExactly(new LabelScore("LABEL_0", 2.5));
    }

    @Test
    void batchedAndLengthSortedResultsEqualEachTextRunAlone() {
        TestModels.write(dir, TestModels.UNIGRAM, HeadType.SEQUENCE_CLASSIFICATION, LABELS);
        PipelineModel pm = PipelineModel.load(dir, HeadType.SEQUENCE_CLASSIFICATION);
        List<String> texts = List.of("짧다", "배우들의 연기가 좋았고 음악도 훌륭했다 다시 보고 싶다", "그냥 그랬다",
                "이 영화 정말 재밌어요", "최악");
        var classifier = new TextClassifier(pm, PipelineOptions.defaults().withBatchSize(2));
        var unsorted = new TextClassifier(pm, PipelineOptions.defaults().withBatchSize(3).withSortByLength(false));
        List<List<LabelScore>> sorted = classifier.classify(texts, 3);
        List<List<LabelScore>> plain = unsorted.classify(texts, 3);
        var budgeted = new TextClassifier(pm, PipelineOptions.defaults().withBatchTokens(40));
        assertThat(budgeted.classify(texts, 3)).usingRecursiveComparison()
                .withComparatorForType((a, b) -> Math.abs(a - b) < 1e-5 ? 0 : Double.compare(a, b), Double.class)
                .isEqualTo(sorted);
        for (int i = 0; i < texts.size(); i++) {
            float[] logits = pm.model().forward(ModelInput.encode(pm.tokenizer(), List.of(texts.get(i)))).logits().data();
            double[] expected = referenceSoftmax(logits);
            for (LabelScore s : sorted.get(i)) {
                int id = List.of(LABELS).indexOf(s.label());
                assertThat(s.score()).as("text %d label %s", i, s.label()).isCloseTo(expected[id], within(1e-5));
            }
            assertThat(sorted.get(i).get(0).score()).isGreaterThanOrEqualTo(sorted.get(i).get(2).score());
            assertThat(plain.get(i)).extracting(LabelScore::label)
                    .containsExactlyElementsOf(sorted.get(i).stream().map(LabelScore::label).toList());
        }
    }

    @Test
    void oneClassifierServesManyThreadsWithTheResultsOfOne() throws Exception {
        TestModels.write(dir, TestModels.UNIGRAM, HeadType.SEQUENCE_CLASSIFICATION, LABELS);
        var classifier = new TextClassifier(PipelineModel.load(dir, HeadType.SEQUENCE_CLASSIFICATION),
                PipelineOptions.defaults().withBatchSize(2));
        List<String> texts = List.of("하나", "둘 셋 넷", "다섯 여섯", "일곱 여덟 아홉 열");
        List<List<LabelScore>> expected = classifier.classify(texts, 3);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            List<java.util.concurrent.Future<List<List<LabelScore>>>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) futures.add(pool.submit(() -> classifier.classify(texts, 3)));
            for (var f : futures) assertThat(f.get()).isEqualTo(expected);
        }
    }

    @Test
    void sentencePairsAreEncodedAsOneSequenceWithTypeIds() {
        TestModels.write(dir, TestModels.UNIGRAM, HeadType.SEQUENCE_CLASSIFICATION, LABELS);
        PipelineModel pm = PipelineModel.load(dir, HeadType.SEQUENCE_CLASSIFICATION);
        var classifier = new TextClassifier(pm, PipelineOptions.defaults());
        List<List<LabelScore>> out = classifier.classifyPairs(List.of("비가 온다", "해가 뜬다"), List.of("우산을 챙겨라", "덥다"), 3);
        float[] logits = pm.model().forward(ModelInput.encodePairs(pm.tokenizer(), List.of("해가 뜬다"), List.of("덥다")))
                .logits().data();
        double[] expected = referenceSoftmax(logits);
        for (LabelScore s : out.get(1)) {
            assertThat(s.score()).isCloseTo(expected[List.of(LABELS).indexOf(s.label())], within(1e-5));
        }
        assertThatThrownBy(() -> classifier.classifyPairs(List.of("a"), List.of(), 1))
                .hasMessageContaining("1 first texts but 0 second texts");
    }

    @Test
    void tooLongTextIsRejectedNamingTheLimitUnlessTruncationIsAsked() {
        // A model that adds absolute position embeddings accepts at most max_position_embeddings tokens.
        TestModels.write(dir, TestModels.UNIGRAM, HeadType.SEQUENCE_CLASSIFICATION, LABELS,
                Map.of("max_position_embeddings", 16, "position_buckets", 8, "position_biased_input", true), 3, w -> { });
        PipelineModel pm = PipelineModel.load(dir, HeadType.SEQUENCE_CLASSIFICATION);
        String longText = "가나다라 마바사 아자차카 타파하 ".repeat(5);
        assertThatThrownBy(() -> new TextClassifier(pm, PipelineOptions.defaults()).classify(List.of("짧다", longText), 1))
                .isInstanceOf(InputTooLongException.class)
                .hasMessageContaining("input 1 has")
                .hasMessageContaining("at most 16")
                .hasMessageContaining("--truncate");
        var truncating = new TextClassifier(pm, PipelineOptions.defaults().withTruncate(true));
        float[] cut = pm.model().forward(ModelInput.fromEncodings(List.of(
                pm.tokenizer().encode(longText, null, pm.tokenizer().defaultOptions()
                        .withTruncation(dev.deberta4j.tokenizer.EncodeOptions.Truncation.longestFirst(16)))), 0)).logits().data();
        List<LabelScore> scores = truncating.classify(longText, 3);
        double[] expected = referenceSoftmax(cut);
        for (LabelScore s : scores) assertThat(s.score()).isCloseTo(expected[List.of(LABELS).indexOf(s.label())], within(1e-5));
    }

    @Test
    void aModelWithoutAbsolutePositionsRunsTextsLongerThanMaxPositionEmbeddings() {
        // DeBERTa-V3 (position_biased_input=false) with a tokenizer that sets no model_max_length: no limit, as in
        // transformers; --truncate then has nothing to cut to.
        TestModels.write(dir, TestModels.UNIGRAM, HeadType.SEQUENCE_CLASSIFICATION, LABELS,
                Map.of("max_position_embeddings", 16, "position_buckets", 8), 3, w -> { });
        PipelineModel pm = PipelineModel.load(dir, HeadType.SEQUENCE_CLASSIFICATION);
        assertThat(pm.maxLength()).isEqualTo(Integer.MAX_VALUE);
        String longText = "가나다라 마바사 아자차카 타파하 ".repeat(5);
        int tokens = pm.tokenizer().encode(longText).length();
        assertThat(tokens).isGreaterThan(16);
        float[] whole = pm.model().forward(ModelInput.encode(pm.tokenizer(), List.of(longText))).logits().data();
        double[] expected = referenceSoftmax(whole);
        for (boolean truncate : new boolean[]{false, true}) {
            var classifier = new TextClassifier(pm, PipelineOptions.defaults().withTruncate(truncate));
            for (LabelScore s : classifier.classify(longText, 3)) {
                assertThat(s.score()).isCloseTo(expected[List.of(LABELS).indexOf(s.label())], within(1e-5));
            }
        }
    }

    @Test
    void theTokenizersModelMaxLengthStillLimitsAModelWithoutAbsolutePositions() {
        TestModels.write(dir, TestModels.WORDPIECE, HeadType.SEQUENCE_CLASSIFICATION, LABELS, Map.of(), 3, w -> { });
        PipelineModel pm = PipelineModel.load(dir, HeadType.SEQUENCE_CLASSIFICATION);
        assertThat(pm.tokenizer().modelMaxLength()).isEqualTo(512);
        assertThat(pm.maxLength()).isEqualTo(512);
        String longText = "한국어 문장 ".repeat(400);
        assertThatThrownBy(() -> new TextClassifier(pm, PipelineOptions.defaults()).classify(longText, 1))
                .isInstanceOf(InputTooLongException.class)
                .hasMessageContaining("at most 512");
        assertThat(new TextClassifier(pm, PipelineOptions.defaults().withTruncate(true)).classify(longText, 1)).hasSize(1);
    }

    @Test
    void aModelWithAnotherHeadIsRefused() {
        TestModels.write(dir, TestModels.UNIGRAM, HeadType.TOKEN_CLASSIFICATION, "O", "B-PER");
        PipelineModel pm = PipelineModel.load(dir, HeadType.TOKEN_CLASSIFICATION);
        assertThatThrownBy(() -> new TextClassifier(pm, PipelineOptions.defaults()))
                .hasMessageContaining("needs a DebertaV2ForSequenceClassification model, found DebertaV2ForTokenClassification");
    }

    /** exp(x - max) / sum, written out independently of the pipeline's helper. */
    static double[] referenceSoftmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) max = Math.max(max, l);
        double sum = 0;
        double[] out = new double[logits.length];
        for (int i = 0; i < logits.length; i++) sum += out[i] = Math.exp(logits[i] - max);
        for (int i = 0; i < logits.length; i++) out[i] /= sum;
        return out;
    }
}
