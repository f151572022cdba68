package dev.deberta4j.serve;

import dev.deberta4j.model.HeadType;
import dev.deberta4j.pipeline.AggregationStrategy;
import dev.deberta4j.pipeline.Answer;
import dev.deberta4j.pipeline.Embedder;
import dev.deberta4j.pipeline.InputTooLongException;
import dev.deberta4j.pipeline.LabelScore;
import dev.deberta4j.pipeline.MaskFiller;
import dev.deberta4j.pipeline.MaskSlot;
import dev.deberta4j.pipeline.PipelineModel;
import dev.deberta4j.pipeline.PipelineOptions;
import dev.deberta4j.pipeline.Pooling;
import dev.deberta4j.pipeline.QaOptions;
import dev.deberta4j.pipeline.QuestionAnswerer;
import dev.deberta4j.pipeline.ScoreFunction;
import dev.deberta4j.pipeline.TextClassifier;
import dev.deberta4j.pipeline.TokenClassifier;
import dev.deberta4j.pipeline.TokenEntity;
import dev.deberta4j.tokenizer.Encoding;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The loaded model and the batching lanes the routes feed: one lane per pipeline and setting, each running its
 * inputs through the pipeline's batch path as one forward pass ({@link PipelineOptions#batchSize()} is the batcher's
 * request cap). Inputs are checked here (length, mask token) before they queue, so one bad input never fails the
 * batch it would have shared.
 */
final class ModelService {
    /** One text or sentence pair. */
    record Sequence(String text, String pair) {
        int chars() {
            return text.codePointCount(0, text.length()) + (pair == null ? 0 : pair.codePointCount(0, pair.length()));
        }
    }

    record MaskInput(String text, int topK) {
    }

    record QaInput(String question, String context) {
    }

    private final PipelineModel model;
    private final int batchSize;
    private final Pooling pooling;
    private final Map<String, DynamicBatcher.Lane<?, ?>> lanes = new ConcurrentHashMap<>();

    ModelService(PipelineModel model, int batchSize, Pooling pooling) {
        this.model = model;
        this.batchSize = batchSize;
        this.pooling = pooling;
    }

    PipelineModel model() {
        return model;
    }

    HeadType head() {
        return model.model().headType();
    }

    Pooling pooling() {
        return pooling;
    }

    int maxInputLength() {
        return model.maxLength();
    }

    /** Tokens of one input with special tokens (after truncation when asked); 413 naming the limit when too long. */
    int tokens(Sequence s, boolean truncate) {
        return encode(s, truncate).length();
    }

    Encoding encode(Sequence s, boolean truncate) {
        try {
            return model.encode(List.of(s.text()), s.pair() == null ? null : List.of(s.pair()), truncate).getFirst();
        } catch (InputTooLongException e) {
            throw ApiError.tooLarge("input has " + e.tokens() + " tokens but the model accepts at most " + e.limit()
                    + " (max_input_length); send \"truncate\": true or start the server with --auto-truncate");
        }
    }

    void requireHead(HeadType needed, String route) {
        if (head() != needed) {
            throw ApiError.wrongModel(route + " needs a " + needed.architecture(model.model().config().family)
                    + " model; the loaded model is a " + head().architecture(model.model().config().family));
        }
    }

    private PipelineOptions options(boolean truncate) {
        return new PipelineOptions(batchSize, true, truncate);
    }

    @SuppressWarnings("unchecked")
    private <P, R> DynamicBatcher.Lane<P, R> lane(String key, Supplier<DynamicBatcher.Lane<P, R>> make) {
        return (DynamicBatcher.Lane<P, R>) lanes.computeIfAbsent(key, k -> make.get());
    }

    /** All labels, best first: the config's function, or raw logits. */
    DynamicBatcher.Lane<Sequence, List<LabelScore>> classify(boolean truncate, boolean raw) {
        return lane("classify/" + truncate + "/" + raw, () -> {
            ScoreFunction f = raw ? ScoreFunction.NONE : ScoreFunction.forConfig(model.model().config());
            TextClassifier classifier = new TextClassifier(model, options(truncate), f);
            int labels = model.model().config().numLabels;
            return inputs -> {
                List<List<LabelScore>> out = new ArrayList<>(inputs.size());
                for (int i = 0; i < inputs.size(); i++) out.add(null);
                // single texts and pairs go through separate calls (one forward pass each) and keep their order
                for (boolean pairs : new boolean[]{false, true}) {
                    List<Integer> at = new ArrayList<>();
                    for (int i = 0; i < inputs.size(); i++) if ((inputs.get(i).pair() != null) == pairs) at.add(i);
                    if (at.isEmpty()) continue;
                    List<String> first = at.stream().map(i -> inputs.get(i).text()).toList();
                    List<List<LabelScore>> r = pairs
                            ? classifier.classifyPairs(first, at.stream().map(i -> inputs.get(i).pair()).toList(), labels)
                            : classifier.classify(first, labels);
                    for (int k = 0; k < at.size(); k++) out.set(at.get(k), r.get(k));
                }
                return out;
            };
        });
    }

    DynamicBatcher.Lane<String, float[]> embed(boolean truncate, boolean normalize) {
        return lane("embed/" + truncate + "/" + normalize, () -> {
            Embedder embedder = new Embedder(model, options(truncate), pooling, normalize);
            return inputs -> List.of(embedder.embed(inputs));
        });
    }

    /** Runs with the largest top_k of the batch, then cuts each input's slots to its own. */
    DynamicBatcher.Lane<MaskInput, List<MaskSlot>> fillMask(boolean truncate) {
        return lane("fill-mask/" + truncate, () -> {
            MaskFiller filler = new MaskFiller(model, options(truncate));
            return inputs -> {
                int k = inputs.stream().mapToInt(MaskInput::topK).max().orElse(1);
                List<List<MaskSlot>> all = filler.fill(inputs.stream().map(MaskInput::text).toList(), k);
                List<List<MaskSlot>> out = new ArrayList<>(all.size());
                for (int i = 0; i < all.size(); i++) {
                    int own = inputs.get(i).topK();
                    out.add(all.get(i).stream().map(s -> new MaskSlot(s.position(),
                            s.predictions().subList(0, Math.min(own, s.predictions().size())))).toList());
                }
                return out;
            };
        });
    }

    String maskToken() {
        return model.tokenizer().maskToken();
    }

    int maskId() {
        return model.tokenizer().maskId();
    }

    DynamicBatcher.Lane<String, List<TokenEntity>> tokenClassification(boolean truncate, AggregationStrategy strategy,
                                                                       Set<String> ignore) {
        return lane("ner/" + truncate + "/" + strategy + "/" + new java.util.TreeSet<>(ignore), () -> {
            TokenClassifier ner = new TokenClassifier(model, options(truncate), strategy, ignore);
            return ner::classify;
        });
    }

    DynamicBatcher.Lane<QaInput, List<Answer>> questionAnswering(int topK, boolean impossible) {
        return lane("qa/" + topK + "/" + impossible, () -> {
            QuestionAnswerer qa = new QuestionAnswerer(model, options(false),
                    QaOptions.defaults().withTopK(topK).withHandleImpossibleAnswer(impossible));
            return inputs -> qa.answer(inputs.stream().map(QaInput::question).toList(),
                    inputs.stream().map(QaInput::context).toList());
        });
    }
}
