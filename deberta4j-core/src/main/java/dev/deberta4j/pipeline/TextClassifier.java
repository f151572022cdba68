package dev.deberta4j.pipeline;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.model.HeadType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Text (or sentence-pair) classification, as transformers' {@code pipeline("text-classification")}: scores by
 * {@link ScoreFunction#forConfig} unless overridden, labels from {@code id2label}, best first. Thread-safe.
 *
 * <pre>{@code
 * var classifier = TextClassifier.load(Path.of("sentiment-model"));
 * LabelScore best = classifier.classify("이 영화 정말 재밌어요", 1).get(0);
 * }</pre>
 */
public final class TextClassifier {
    private final PipelineModel model;
    private final PipelineOptions options;
    private final ScoreFunction function;

    public TextClassifier(PipelineModel model, PipelineOptions options, ScoreFunction function) {
        model.requireHead(HeadType.SEQUENCE_CLASSIFICATION, "text classification");
        this.model = model;
        this.options = options;
        this.function = function;
    }

    public TextClassifier(PipelineModel model, PipelineOptions options) {
        this(model, options, ScoreFunction.forConfig(model.model().config()));
    }

    public static TextClassifier load(Path dir) {
        return new TextClassifier(PipelineModel.load(dir, HeadType.SEQUENCE_CLASSIFICATION), PipelineOptions.defaults());
    }

    public ScoreFunction scoreFunction() {
        return function;
    }

    /** The {@code topK} best labels of one text (all labels when {@code topK} exceeds their number). */
    public List<LabelScore> classify(String text, int topK) {
        return classify(List.of(text), topK).get(0);
    }

    public List<List<LabelScore>> classify(List<String> texts, int topK) {
        return run(texts, null, topK);
    }

    /** Sentence pairs, encoded as {@code [CLS] first [SEP] second [SEP]}. */
    public List<List<LabelScore>> classifyPairs(List<String> first, List<String> second, int topK) {
        if (first.size() != second.size()) {
            throw new IllegalArgumentException(first.size() + " first texts but " + second.size() + " second texts");
        }
        return run(first, second, topK);
    }

    private List<List<LabelScore>> run(List<String> texts, List<String> pairs, int topK) {
        if (topK < 1) throw new IllegalArgumentException("topK must be >= 1, got " + topK);
        var encodings = model.encode(texts, pairs, options.truncate());
        return MicroBatches.run(model, encodings, options, row -> ranked(function.apply(row.sequenceLogits()), topK));
    }

    private List<LabelScore> ranked(double[] scores, int topK) {
        DebertaConfig config = model.model().config();
        List<LabelScore> all = new ArrayList<>(scores.length);
        for (int i = 0; i < scores.length; i++) {
            all.add(new LabelScore(config.id2label.getOrDefault(i, "LABEL_" + i), scores[i]));
        }
        all.sort(Comparator.comparingDouble(LabelScore::score).reversed());   // stable: ties keep label order
        return List.copyOf(all.subList(0, Math.min(topK, all.size())));
    }
}
