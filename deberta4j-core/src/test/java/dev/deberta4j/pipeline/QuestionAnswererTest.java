package dev.deberta4j.pipeline;

import dev.deberta4j.io.InMemoryTensorSource;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.ModelInput;
import dev.deberta4j.tensor.Tensor;
import dev.deberta4j.testing.ModelFixtures;
import dev.deberta4j.tokenizer.EncodeOptions;
import dev.deberta4j.tokenizer.Encoding;
import dev.deberta4j.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Question answering on the ko-unigram-8k tokenizer. Answers are forced through the head: the last hidden state is a
 * LayerNorm output with unit gain and zero shift, so every token's vector has the same length and a start (end)
 * weight equal to a multiple of one token's vector scores that token strictly highest.
 */
class QuestionAnswererTest {
    private static final String QUESTION = "한국의 수도는 어디인가?";
    private static final String SHORT = "대한민국의 수도는 서울이다.";
    private static final String LONG = "부산은 항구 도시이다. 대구는 분지에 있다. 광주는 남쪽에 있다. 대전은 가운데에 있다. "
            + "인천에는 공항이 있다. 울산은 공업 도시이다. 제주는 섬이다. 강릉은 바다가 가깝다. 한국의 수도는 서울특별시이다. 😀 끝.";

    @TempDir Path dir;

    private Path model(Consumer<InMemoryTensorSource> edit) {
        return TestModels.write(dir, TestModels.UNIGRAM, HeadType.QUESTION_ANSWERING, null, Map.of(), 9, edit);
    }

    private static Encoding[] windows(Tokenizer tokenizer, String context, int length, int stride) {
        var t = new EncodeOptions.Truncation(EncodeOptions.TruncationStrategy.ONLY_SECOND, length, stride, EncodeOptions.Side.RIGHT);
        Encoding first = tokenizer.encode(QUESTION, context, new EncodeOptions(true, t, null));
        List<Encoding> all = new ArrayList<>(List.of(first));
        all.addAll(first.overflowing());
        return all.toArray(Encoding[]::new);
    }

    private static int tokenIndex(Encoding e, String token, int occurrence) {
        for (int i = 0, seen = 0; i < e.length(); i++) {
            if (e.tokens()[i].equals(token) && e.typeIds()[i] == 1 && seen++ == occurrence) return i;
        }
        throw new AssertionError(token + " not in the window's context");
    }

    /** Rewrites the QA head so that start favours {@code start}'s and end {@code end}'s hidden state of {@code window}. */
    private QuestionAnswerer forcing(Encoding window, int start, int end, QaOptions qa) {
        Path dir = model(w -> { });
        Tensor h = PipelineModel.load(dir, HeadType.QUESTION_ANSWERING).model()
                .forward(ModelInput.fromEncodings(List.of(window), 0)).lastHiddenState();
        float[] weight = new float[64];
        for (int d = 0; d < 32; d++) {
            weight[d] = 4 * h.get(0, start, d);
            weight[32 + d] = 4 * h.get(0, end, d);
        }
        model(w -> w.putFloats("qa_outputs.weight", weight, 2, 32));
        return new QuestionAnswerer(PipelineModel.load(dir, HeadType.QUESTION_ANSWERING), PipelineOptions.defaults(), qa);
    }

    @Test
    void equalLogitsMakeEveryContextSpanEquallyLikelySoTheFirstWordWins() {
        model(ModelFixtures.constantLogits("qa_outputs", 0, 0));
        QuestionAnswerer qa = QuestionAnswerer.load(dir);
        Encoding e = TestModels.tokenizer(TestModels.UNIGRAM).encode(QUESTION, SHORT);
        long contextTokens = java.util.stream.IntStream.range(0, e.length())
                .filter(i -> e.typeIds()[i] == 1 && e.specialTokensMask()[i] == 0).count();
        // start and end probabilities are uniform over the context tokens plus [CLS]
        double expected = Math.pow(1.0 / (contextTokens + 1), 2);
        Answer a = qa.answer(QUESTION, SHORT).getFirst();
        assertThat(a.text()).isEqualTo("대한민국의");
        assertThat(a.start()).isZero();
        assertThat(a.end()).isEqualTo(5);
        assertThat(a.score()).isCloseTo(expected, within(1e-9));

        // One-token spans and "no answer" all score the same; ties keep their order (spans, then "no answer").
        var withNull = new QuestionAnswerer(PipelineModel.load(dir, HeadType.QUESTION_ANSWERING), PipelineOptions.defaults(),
                QaOptions.defaults().withTopK(100).withHandleImpossibleAnswer(true).withMaxAnswerLength(1));
        List<Answer> all = withNull.answer(QUESTION, SHORT);
        assertThat(all).hasSize((int) contextTokens + 1);
        assertThat(all.getFirst().text()).isEqualTo("대한민국의");
        assertThat(all.getLast().isNoAnswer()).isTrue();
        assertThat(all).allSatisfy(x -> assertThat(x.score()).isCloseTo(expected, within(1e-9)));
    }

    @Test
    void aForcedSpanIsReturnedAsWholeWordsOrAsTokenOffsets() {
        Tokenizer tok = TestModels.tokenizer(TestModels.UNIGRAM);
        Encoding e = windows(tok, SHORT, 512, 0)[0];
        int start = tokenIndex(e, "▁서", 0);
        QuestionAnswerer words = forcing(e, start, start, QaOptions.defaults());
        Answer a = words.answer(QUESTION, SHORT).getFirst();
        // ▁서 (offsets 9..11, the space included) begins the word " 서울이다." (9..15)
        assertThat(a.text()).isEqualTo(" 서울이다.");
        assertThat(a.start()).isEqualTo(9);
        assertThat(a.end()).isEqualTo(15);
        assertThat(a.score()).isGreaterThan(0.9);

        QuestionAnswerer tokens = forcing(e, start, start, QaOptions.defaults().withAlignToWords(false));
        assertThat(tokens.answer(QUESTION, SHORT).getFirst().text()).isEqualTo(" 서");
    }

    @Test
    void spansLongerThanTheMaximumAnswerLengthAreNotConsidered() {
        Tokenizer tok = TestModels.tokenizer(TestModels.UNIGRAM);
        Encoding e = windows(tok, SHORT, 512, 0)[0];
        int start = tokenIndex(e, "▁대한", 0);
        int end = tokenIndex(e, ".", 0);
        QuestionAnswerer wide = forcing(e, start, end, QaOptions.defaults().withAlignToWords(false));
        assertThat(wide.answer(QUESTION, SHORT).getFirst().text()).isEqualTo(SHORT);
        QuestionAnswerer narrow = forcing(e, start, end, QaOptions.defaults().withAlignToWords(false).withMaxAnswerLength(2));
        Answer a = narrow.answer(QUESTION, SHORT).getFirst();
        assertThat(a.text()).isNotEqualTo(SHORT);
        assertThat(a.end() - a.start()).isLessThan(SHORT.length());
    }

    @Test
    void longContextsAreSplitIntoOverlappingWindowsAndTheAnswerComesFromALaterOne() {
        Tokenizer tok = TestModels.tokenizer(TestModels.UNIGRAM);
        Encoding[] windows = windows(tok, LONG, 32, 8);
        assertThat(windows.length).isGreaterThan(3);
        // consecutive windows share exactly `stride` context tokens
        for (int w = 1; w < windows.length; w++) {
            int[] prev = contextOffsets(windows[w - 1]);
            int[] next = contextOffsets(windows[w]);
            assertThat(next[0]).isEqualTo(prev[prev.length - 16]);
        }
        Encoding last = windows[windows.length - 1];
        int capital = tokenIndex(last, "▁서", 0);
        QuestionAnswerer qa = forcing(last, capital, capital, QaOptions.defaults().withWindow(32, 8));
        assertThat(qa.windowLength()).isEqualTo(32);
        assertThat(qa.stride()).isEqualTo(8);
        Answer a = qa.answer(QUESTION, LONG).getFirst();
        assertThat(a.text()).isEqualTo(" 서울특별시이다.");
        int[] cps = LONG.codePoints().toArray();
        assertThat(new String(cps, a.start(), a.end() - a.start())).isEqualTo(a.text());
        assertThat(a.end()).isEqualTo(LONG.codePointCount(0, LONG.indexOf("😀")) - 1);

        // The same question batched with a short one, in either batch order, finds the same answer.
        var sorted = new QuestionAnswerer(PipelineModel.load(dir, HeadType.QUESTION_ANSWERING),
                PipelineOptions.defaults().withBatchSize(3), QaOptions.defaults().withWindow(32, 8));
        var unsorted = new QuestionAnswerer(PipelineModel.load(dir, HeadType.QUESTION_ANSWERING),
                PipelineOptions.defaults().withBatchSize(2).withSortByLength(false), QaOptions.defaults().withWindow(32, 8));
        for (QuestionAnswerer q : List.of(sorted, unsorted)) {
            List<List<Answer>> both = q.answer(List.of(QUESTION, QUESTION), List.of(SHORT, LONG));
            assertThat(both.get(1).getFirst().text()).isEqualTo(a.text());
            assertThat(both.get(1).getFirst().score()).isCloseTo(a.score(), within(1e-6));
        }
    }

    /** Start offsets of each context token of a window, twice per token: [start0, start0, start1, start1...]. */
    private static int[] contextOffsets(Encoding e) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < e.length(); i++) {
            if (e.typeIds()[i] == 1 && e.specialTokensMask()[i] == 0) {
                out.add(e.start(i));
                out.add(e.start(i));
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void aConfidentClsGivesNoAnswerWhenImpossibleAnswersAreAllowed() {
        Tokenizer tok = TestModels.tokenizer(TestModels.UNIGRAM);
        Encoding e = windows(tok, SHORT, 512, 0)[0];
        QuestionAnswerer qa = forcing(e, 0, 0, QaOptions.defaults().withHandleImpossibleAnswer(true));
        Answer a = qa.answer(QUESTION, SHORT).getFirst();
        assertThat(a.isNoAnswer()).isTrue();
        assertThat(a.score()).isGreaterThan(0.5);
        QuestionAnswerer always = forcing(e, 0, 0, QaOptions.defaults());
        assertThat(always.answer(QUESTION, SHORT).getFirst().isNoAnswer()).isFalse();
    }

    @Test
    void aQuestionThatLeavesNoRoomForTheContextIsAClearError() {
        model(w -> { });
        var qa = new QuestionAnswerer(PipelineModel.load(dir, HeadType.QUESTION_ANSWERING), PipelineOptions.defaults(),
                QaOptions.defaults().withWindow(16, 4));
        assertThatThrownBy(() -> qa.answer("아주 길고 긴 질문이 여기에 있어서 창 하나를 다 채운다 정말로", SHORT))
                .hasMessageContaining("question 0")
                .hasMessageContaining("windows of 16 tokens");
        assertThatThrownBy(() -> new QuestionAnswerer(PipelineModel.load(dir, HeadType.QUESTION_ANSWERING),
                PipelineOptions.defaults(), QaOptions.defaults().withWindow(16, 16)))
                .hasMessageContaining("docStride (16) must be smaller than maxSeqLength (16)");
    }
}
