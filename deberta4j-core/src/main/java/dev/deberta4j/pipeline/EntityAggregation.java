package dev.deberta4j.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns token predictions into entities the way transformers' token-classification pipeline defines the
 * aggregation strategies: optional word aggregation (first / average / max), then merging of consecutive
 * entities of one type where a {@code B-} tag starts a new group.
 */
final class EntityAggregation {
    /** A labelled run of tokens: one token, one word, or one entity group. */
    private record Labelled(String label, double score, List<TokenPrediction> tokens) {
    }

    private final Map<Integer, String> id2label;
    private final Function<List<TokenPrediction>, String> text;

    /** @param text decodes a run of tokens to the text an entity shows */
    EntityAggregation(Map<Integer, String> id2label, Function<List<TokenPrediction>, String> text) {
        this.id2label = id2label;
        this.text = text;
    }

    List<TokenEntity> aggregate(List<TokenPrediction> tokens, AggregationStrategy strategy) {
        if (strategy == AggregationStrategy.NONE) {
            List<TokenEntity> out = new ArrayList<>(tokens.size());
            for (TokenPrediction t : tokens) {
                int best = Probabilities.argmax(t.scores());
                out.add(new TokenEntity(label(best), t.scores()[best], t.token(), t.start(), t.end(), t.index()));
            }
            return out;
        }
        List<Labelled> units = strategy.wordLevel() ? words(tokens, strategy) : perToken(tokens);
        List<TokenEntity> groups = new ArrayList<>();
        List<Labelled> run = new ArrayList<>();
        for (Labelled unit : units) {
            if (!run.isEmpty()) {
                Tag tag = Tag.of(unit.label());
                Tag last = Tag.of(run.getLast().label());
                if (!tag.type().equals(last.type()) || tag.begins()) {
                    groups.add(group(run));
                    run = new ArrayList<>();
                }
            }
            run.add(unit);
        }
        if (!run.isEmpty()) groups.add(group(run));
        return groups;
    }

    private List<Labelled> perToken(List<TokenPrediction> tokens) {
        List<Labelled> out = new ArrayList<>(tokens.size());
        for (TokenPrediction t : tokens) {
            int best = Probabilities.argmax(t.scores());
            out.add(new Labelled(label(best), t.scores()[best], List.of(t)));
        }
        return out;
    }

    /** Tokens to words (a word starts at every token that is not a subword), each labelled by the strategy. */
    private List<Labelled> words(List<TokenPrediction> tokens, AggregationStrategy strategy) {
        List<Labelled> out = new ArrayList<>();
        List<TokenPrediction> word = new ArrayList<>();
        for (TokenPrediction t : tokens) {
            if (!word.isEmpty() && !t.subword()) {
                out.add(word(word, strategy));
                word = new ArrayList<>();
            }
            word.add(t);
        }
        if (!word.isEmpty()) out.add(word(word, strategy));
        return out;
    }

    private Labelled word(List<TokenPrediction> tokens, AggregationStrategy strategy) {
        double[] scores = switch (strategy) {
            case FIRST -> tokens.getFirst().scores();
            case MAX -> {
                TokenPrediction best = tokens.getFirst();
                for (TokenPrediction t : tokens) if (max(t.scores()) > max(best.scores())) best = t;
                yield best.scores();
            }
            case AVERAGE -> {
                double[] mean = new double[tokens.getFirst().scores().length];
                for (TokenPrediction t : tokens) for (int i = 0; i < mean.length; i++) mean[i] += t.scores()[i];
                for (int i = 0; i < mean.length; i++) mean[i] /= tokens.size();
                yield mean;
            }
            default -> throw new IllegalArgumentException(strategy + " is not a word-level strategy");
        };
        int best = Probabilities.argmax(scores);
        return new Labelled(label(best), scores[best], List.copyOf(tokens));
    }

    private TokenEntity group(List<Labelled> run) {
        String label = run.getFirst().label();
        String type = label.substring(label.indexOf('-') + 1);   // Python's split("-", 1)[-1]
        double score = 0;
        List<TokenPrediction> tokens = new ArrayList<>();
        for (Labelled l : run) {
            score += l.score();
            tokens.addAll(l.tokens());
        }
        return new TokenEntity(type, score / run.size(), text.apply(tokens), tokens.getFirst().start(),
                tokens.getLast().end(), -1);
    }

    private String label(int id) {
        return id2label.getOrDefault(id, "LABEL_" + id);
    }

    private static double max(double[] v) {
        return v[Probabilities.argmax(v)];
    }

    /** A label read as a B-/I- tag; labels without such a prefix continue like I- tags. */
    private record Tag(boolean begins, String type) {
        static Tag of(String label) {
            if (label.startsWith("B-")) return new Tag(true, label.substring(2));
            if (label.startsWith("I-")) return new Tag(false, label.substring(2));
            return new Tag(false, label);
        }
    }
}
