package dev.deberta4j.pipeline;

import dev.deberta4j.model.HeadType;
import dev.deberta4j.tokenizer.Encoding;
import dev.deberta4j.tokenizer.Tokenizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Token classification (e.g. named entities), as transformers' {@code pipeline("token-classification")}: softmax
 * per token, special tokens skipped, an {@link AggregationStrategy}, labels in {@code ignoreLabels} (by default
 * {@code O}) dropped. Offsets are code-point positions in the original text. Thread-safe.
 *
 * <pre>{@code
 * var ner = TokenClassifier.load(Path.of("ner-model"), AggregationStrategy.SIMPLE);
 * for (TokenEntity e : ner.classify("이순신은 조선의 장군이다")) System.out.println(e.label() + " " + e.word());
 * }</pre>
 */
public final class TokenClassifier {
    private final PipelineModel model;
    private final PipelineOptions options;
    private final AggregationStrategy strategy;
    private final Set<String> ignoreLabels;
    private final EntityAggregation aggregation;

    public TokenClassifier(PipelineModel model, PipelineOptions options, AggregationStrategy strategy,
                           Set<String> ignoreLabels) {
        model.requireHead(HeadType.TOKEN_CLASSIFICATION, "token classification");
        this.model = model;
        this.options = options;
        this.strategy = strategy;
        this.ignoreLabels = Set.copyOf(ignoreLabels);
        this.aggregation = new EntityAggregation(model.model().config().id2label, this::text);
    }

    public static TokenClassifier load(Path dir, AggregationStrategy strategy) {
        return new TokenClassifier(PipelineModel.load(dir, HeadType.TOKEN_CLASSIFICATION), PipelineOptions.defaults(),
                strategy, Set.of("O"));
    }

    public List<TokenEntity> classify(String text) {
        return classify(List.of(text)).get(0);
    }

    public List<List<TokenEntity>> classify(List<String> texts) {
        List<Encoding> encodings = model.encode(texts, null, options.truncate());
        List<List<TokenPrediction>> predictions = MicroBatches.run(model, encodings, options, this::predictions);
        List<List<TokenEntity>> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            List<TokenEntity> entities = new ArrayList<>();
            for (TokenEntity e : aggregation.aggregate(withWords(predictions.get(i), texts.get(i)), strategy)) {
                if (!ignoreLabels.contains(e.label())) entities.add(e);
            }
            out.add(List.copyOf(entities));
        }
        return out;
    }

    private List<TokenPrediction> predictions(BatchRow row) {
        Encoding e = row.encoding();
        List<TokenPrediction> out = new ArrayList<>(e.length());
        for (int t = 0; t < e.length(); t++) {
            if (e.specialTokensMask()[t] == 1) continue;
            double[] scores = Probabilities.softmax(row.tokenLogits(t));
            out.add(new TokenPrediction(e.ids()[t], e.tokens()[t], e.ids()[t] == model.tokenizer().unkId(), scores,
                    e.start(t), e.end(t), t, false));
        }
        return out;
    }

    /** Marks subwords and gives unknown tokens their original text (transformers' gather_pre_entities rules). */
    private List<TokenPrediction> withWords(List<TokenPrediction> tokens, String text) {
        int[] cps = text.codePoints().toArray();
        List<TokenPrediction> out = new ArrayList<>(tokens.size());
        for (TokenPrediction t : tokens) {
            String ref = new String(cps, t.start(), t.end() - t.start());
            boolean subword;
            if (t.unknown()) {
                subword = false;
            } else if (model.subwordPrefix() != null) {
                // A word-aware tokenizer: a continuation token is longer than its text by its prefix.
                subword = t.token().codePointCount(0, t.token().length()) != ref.codePointCount(0, ref.length());
            } else {
                // No word information: a token starts a word at the text start or next to a space.
                subword = t.start() > 0 && cps[t.start() - 1] != ' ' && (t.start() >= cps.length || cps[t.start()] != ' ');
            }
            out.add(new TokenPrediction(t.id(), t.unknown() ? ref : t.token(), t.unknown(), t.scores(), t.start(),
                    t.end(), t.index(), subword));
        }
        return out;
    }

    /**
     * The tokens decoded together; an unknown token contributes its original text. (transformers decodes the
     * already-decoded words of a word-level group once more, which for SentencePiece drops the spaces between
     * them; decoding the tokens once keeps them.)
     */
    private String text(List<TokenPrediction> tokens) {
        Tokenizer tokenizer = model.tokenizer();
        StringBuilder sb = new StringBuilder();
        List<Integer> run = new ArrayList<>();
        for (TokenPrediction t : tokens) {
            if (t.unknown()) {
                sb.append(decode(tokenizer, run)).append(t.token());
                run.clear();
            } else {
                run.add(t.id());
            }
        }
        return sb.append(decode(tokenizer, run)).toString();
    }

    private static String decode(Tokenizer tokenizer, List<Integer> ids) {
        return ids.isEmpty() ? "" : tokenizer.decode(ids.stream().mapToInt(Integer::intValue).toArray(), false);
    }
}
