package dev.deberta4j.pipeline;

import dev.deberta4j.tokenizer.Encoding;

import java.util.ArrayList;
import java.util.List;

/**
 * Span scoring in one window of {@code [CLS] question [SEP] context [SEP]}: only context tokens (and [CLS], for
 * "no answer") take part in the start and end softmaxes; spans run over context tokens, end at or after their start
 * and hold at most {@code maxAnswerLength} tokens; a span scores start probability times end probability.
 */
final class AnswerWindow {
    /** A token span and its score. */
    record Span(int startToken, int endToken, double score) {
    }

    private final Encoding window;
    private final boolean[] context;
    private final double[] start;
    private final double[] end;
    private final double nullScore;

    AnswerWindow(Encoding window, float[] startLogits, float[] endLogits, int clsId) {
        this.window = window;
        int n = window.length();
        context = new boolean[n];
        boolean[] allowed = new boolean[n];
        boolean[] second = secondText(window);
        for (int t = 0; t < n; t++) {
            context[t] = second[t] && window.attentionMask()[t] == 1;
            allowed[t] = context[t] || window.ids()[t] == clsId;
        }
        start = maskedSoftmax(startLogits, allowed);
        end = maskedSoftmax(endLogits, allowed);
        nullScore = start[0] * end[0];
    }

    /**
     * The tokens of a pair's second text (transformers' {@code sequence_ids() == 1}): the tokens the post-processor
     * did not insert that follow the special token(s) closing the first text, as in {@code [CLS] Q [SEP] C [SEP]}
     * and XLM-R's {@code <s> Q </s></s> C </s>}. Token types cannot tell them: RoBERTa's are all 0.
     */
    static boolean[] secondText(Encoding e) {
        boolean[] second = new boolean[e.length()];
        boolean inFirst = false;
        boolean pastFirst = false;
        for (int t = 0; t < e.length(); t++) {
            boolean special = e.specialTokensMask()[t] == 1;
            if (!special && !pastFirst) inFirst = true;
            if (special && inFirst) pastFirst = true;
            second[t] = pastFirst && !special;
        }
        return second;
    }

    /** The [CLS] position's start x end probability: how strongly this window says "no answer". */
    double nullScore() {
        return nullScore;
    }

    /** The {@code k} best context spans, best first (ties: earlier start, then earlier end). */
    List<Span> best(int k, int maxAnswerLength) {
        List<Span> best = new ArrayList<>(k + 1);
        for (int s = 1; s < start.length; s++) {
            if (!context[s]) continue;
            for (int e = s; e < Math.min(end.length, s + maxAnswerLength); e++) {
                if (!context[e]) continue;
                double score = start[s] * end[e];
                if (best.size() == k && score <= best.getLast().score()) continue;
                int pos = best.size();
                while (pos > 0 && best.get(pos - 1).score() < score) pos--;
                best.add(pos, new Span(s, e, score));
                if (best.size() > k) best.removeLast();
            }
        }
        return best;
    }

    /** Code-point span of a token span in the context: whole words when aligning, else the tokens' offsets. */
    int[] characters(Span span, boolean alignToWords) {
        int from = window.start(span.startToken());
        int to = window.end(span.endToken());
        if (alignToWords) {
            from = window.start(firstOfWord(span.startToken()));
            to = window.end(lastOfWord(span.endToken()));
        }
        return new int[]{from, to};
    }

    private int firstOfWord(int t) {
        int word = window.wordIds()[t];
        if (word < 0) return t;
        int first = t;
        for (int i = 0; i < window.length(); i++) {
            if (context[i] && window.wordIds()[i] == word) return Math.min(first, i);
        }
        return first;
    }

    private int lastOfWord(int t) {
        int word = window.wordIds()[t];
        if (word < 0) return t;
        for (int i = window.length() - 1; i >= 0; i--) {
            if (context[i] && window.wordIds()[i] == word) return Math.max(t, i);
        }
        return t;
    }

    /** Softmax over all positions, with excluded logits replaced by -10000 as transformers does. */
    private static double[] maskedSoftmax(float[] logits, boolean[] allowed) {
        float[] masked = new float[allowed.length];
        for (int t = 0; t < masked.length; t++) masked[t] = allowed[t] ? logits[t] : -10000f;
        return Probabilities.softmax(masked);
    }
}
