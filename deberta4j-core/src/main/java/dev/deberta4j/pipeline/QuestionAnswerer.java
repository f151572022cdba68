package dev.deberta4j.pipeline;

import dev.deberta4j.model.HeadType;
import dev.deberta4j.tokenizer.EncodeOptions;
import dev.deberta4j.tokenizer.Encoding;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Extractive question answering, as transformers' {@code pipeline("question-answering")}: the context is split
 * into overlapping windows ({@code [CLS] question [SEP] context part [SEP]}, {@link QaOptions#docStride()} tokens of
 * overlap), spans are scored in each window, and the best spans over all windows come back as text from the context.
 * Thread-safe.
 *
 * <pre>{@code
 * var qa = QuestionAnswerer.load(Path.of("qa-model"));
 * Answer a = qa.answer("수도는 어디인가?", "대한민국의 수도는 서울이다.").get(0);
 * }</pre>
 */
public final class QuestionAnswerer {
    private static final int DEFAULT_WINDOW = 384;
    private static final int DEFAULT_STRIDE = 128;

    private final PipelineModel model;
    private final PipelineOptions options;
    private final QaOptions qa;
    private final int window;
    private final int stride;

    public QuestionAnswerer(PipelineModel model, PipelineOptions options, QaOptions qa) {
        model.requireHead(HeadType.QUESTION_ANSWERING, "question answering");
        this.model = model;
        this.options = options;
        this.qa = qa;
        this.window = qa.maxSeqLength() == 0 ? Math.min(DEFAULT_WINDOW, model.maxLength()) : qa.maxSeqLength();
        this.stride = qa.docStride() < 0 ? Math.min(window / 2, DEFAULT_STRIDE) : qa.docStride();
        if (window > model.maxLength()) {
            throw new IllegalArgumentException("maxSeqLength " + window + " exceeds the model's limit of "
                    + model.maxLength() + " tokens");
        }
        if (stride >= window) {
            throw new IllegalArgumentException("docStride (" + stride + ") must be smaller than maxSeqLength (" + window + ")");
        }
        Encoding probe = model.tokenizer().encode("a", "b");
        boolean[] second = AnswerWindow.secondText(probe);
        boolean found = false;
        for (boolean b : second) found |= b;
        if (!found) {
            throw new IllegalArgumentException("the tokenizer's pair template puts no special token between the two "
                    + "texts, so the context cannot be told from the question");
        }
    }

    public static QuestionAnswerer load(Path dir) {
        return new QuestionAnswerer(PipelineModel.load(dir, HeadType.QUESTION_ANSWERING), PipelineOptions.defaults(),
                QaOptions.defaults());
    }

    /** The window length in tokens and the overlap between windows this answerer uses. */
    public int windowLength() {
        return window;
    }

    public int stride() {
        return stride;
    }

    /** The {@link QaOptions#topK()} best answers, best first. */
    public List<Answer> answer(String question, String context) {
        return answer(List.of(question), List.of(context)).get(0);
    }

    public List<List<Answer>> answer(List<String> questions, List<String> contexts) {
        if (questions.size() != contexts.size()) {
            throw new IllegalArgumentException(questions.size() + " questions but " + contexts.size() + " contexts");
        }
        for (int i = 0; i < questions.size(); i++) {
            // as transformers' QuestionAnsweringArgumentHandler: an empty question or context is an error
            if (questions.get(i) == null || questions.get(i).isEmpty()) throw new EmptyInputException(i, "question");
            if (contexts.get(i) == null || contexts.get(i).isEmpty()) throw new EmptyInputException(i, "context");
        }
        List<Encoding> windows = new ArrayList<>();
        List<Integer> example = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            for (Encoding w : windows(i, questions.get(i), contexts.get(i))) {
                windows.add(w);
                example.add(i);
            }
        }
        int clsId = model.tokenizer().clsId();
        List<AnswerWindow> scored = MicroBatches.run(model, windows, options,
                row -> new AnswerWindow(row.encoding(), row.startLogits(), row.endLogits(), clsId));
        List<List<Answer>> out = new ArrayList<>(questions.size());
        for (int i = 0; i < questions.size(); i++) {
            List<AnswerWindow> mine = new ArrayList<>();
            for (int w = 0; w < scored.size(); w++) if (example.get(w) == i) mine.add(scored.get(w));
            out.add(best(mine, contexts.get(i)));
        }
        return out;
    }

    /** The question with each window of the context; only the context is ever cut. */
    private List<Encoding> windows(int index, String question, String context) {
        var truncation = new EncodeOptions.Truncation(EncodeOptions.TruncationStrategy.ONLY_SECOND, window, stride,
                EncodeOptions.Side.RIGHT);
        Encoding first;
        try {
            first = model.tokenizer().encode(question, context, new EncodeOptions(true, truncation, null));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("question " + index + " leaves no room for the context in windows of "
                    + window + " tokens with a stride of " + stride + " (" + e.getMessage() + ")", e);
        }
        if (first.length() > window) {
            throw new InputTooLongException(index, first.length(), window);
        }
        List<Encoding> all = new ArrayList<>();
        all.add(first);
        all.addAll(first.overflowing());
        return all;
    }

    private List<Answer> best(List<AnswerWindow> windows, String context) {
        int[] cps = context.codePoints().toArray();
        List<Answer> answers = new ArrayList<>();
        double nullScore = Double.POSITIVE_INFINITY;
        for (AnswerWindow w : windows) {
            nullScore = Math.min(nullScore, w.nullScore());
            for (AnswerWindow.Span span : w.best(qa.topK(), qa.maxAnswerLength())) {
                int[] chars = w.characters(span, qa.alignToWords());
                answers.add(new Answer(span.score(), chars[0], chars[1], new String(cps, chars[0], chars[1] - chars[0])));
            }
        }
        if (qa.handleImpossibleAnswer()) answers.add(new Answer(nullScore, 0, 0, ""));
        answers.sort(Comparator.comparingDouble(Answer::score).reversed());   // stable, as Python's sort
        return List.copyOf(answers.subList(0, Math.min(qa.topK(), answers.size())));
    }
}
