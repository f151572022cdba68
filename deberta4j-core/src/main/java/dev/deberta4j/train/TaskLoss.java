package dev.deberta4j.train;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.ModelInput;

/** The loss transformers' DeBERTa-V2 model class computes for a head and a kind of labels. */
final class TaskLoss {
    private TaskLoss() {
    }

    static LossValue compute(HeadType head, DebertaConfig c, ModelInput in, float[] logits, Labels labels) {
        int batch = in.batch();
        int tokens = batch * in.seqLen();
        return switch (head) {
            case SEQUENCE_CLASSIFICATION -> switch (labels) {
                case Labels.Classes l -> {
                    if (c.numLabels == 1) {
                        throw new IllegalArgumentException("num_labels = 1 makes " + head.architecture(c.family)
                                + " a regression head (MSE): pass Labels.Regression targets, not class ids");
                    }
                    yield CrossEntropyLoss.compute(logits, batch, c.numLabels,
                            negativesIgnored(count("labels", l.ids(), batch)));
                }
                case Labels.Regression r -> {
                    if (c.numLabels != 1) {
                        throw new IllegalArgumentException("regression targets need num_labels = 1, the config has "
                                + c.numLabels);
                    }
                    yield MseLoss.compute(logits, count("regression targets", r.targets(), batch));
                }
                case Labels.MultiLabel m -> BceWithLogitsLoss.compute(logits,
                        count("multi-label targets", m.targets(), batch * c.numLabels));
                case Labels.Spans s -> throw unsupported(head, labels);
            };
            case MULTIPLE_CHOICE -> {
                if (!(labels instanceof Labels.Classes l)) throw unsupported(head, labels);
                int examples = batch / in.numChoices();
                yield CrossEntropyLoss.compute(logits, examples, in.numChoices(), count("labels", l.ids(), examples));
            }
            case TOKEN_CLASSIFICATION -> {
                if (!(labels instanceof Labels.Classes l)) throw unsupported(head, labels);
                yield CrossEntropyLoss.compute(logits, tokens, c.numLabels, count("token labels", l.ids(), tokens));
            }
            case MASKED_LM -> {
                if (!(labels instanceof Labels.Classes l)) throw unsupported(head, labels);
                yield CrossEntropyLoss.compute(logits, tokens, c.vocabSize, count("token labels", l.ids(), tokens));
            }
            case QUESTION_ANSWERING -> {
                if (!(labels instanceof Labels.Spans s)) throw unsupported(head, labels);
                yield spanLoss(in, logits, count("start positions", s.startPositions(), batch),
                        count("end positions", s.endPositions(), batch));
            }
            case BASE, REPLACED_TOKEN_DETECTION -> throw unsupported(head, labels);
        };
    }

    /** (CE(start) + CE(end)) / 2 with positions clamped to [0, L] and L ignored, as DebertaV2ForQuestionAnswering. */
    private static LossValue spanLoss(ModelInput in, float[] logits, int[] starts, int[] ends) {
        int batch = in.batch();
        int len = in.seqLen();
        float[][] columns = new float[2][batch * len];
        for (int i = 0; i < batch * len; i++) {
            columns[0][i] = logits[2 * i];
            columns[1][i] = logits[2 * i + 1];
        }
        float[] grad = new float[logits.length];
        double total = 0;
        int[][] positions = {starts, ends};
        for (int which = 0; which < 2; which++) {
            int[] targets = new int[batch];
            for (int b = 0; b < batch; b++) {
                int p = Math.max(0, Math.min(len, positions[which][b]));
                targets[b] = p == len ? CrossEntropyLoss.IGNORE_INDEX : p;
            }
            LossValue part = CrossEntropyLoss.compute(columns[which], batch, len, targets);
            total += part.loss() / 2;
            for (int i = 0; i < batch * len; i++) grad[2 * i + which] = part.gradient()[i] / 2;
        }
        return new LossValue(total, grad);
    }

    /**
     * DebertaV2ForSequenceClassification keeps only the examples with label >= 0 (and a loss of 0 when none is
     * left), so every negative label is ignored there, not just -100.
     */
    private static int[] negativesIgnored(int[] labels) {
        int[] out = labels.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] < 0) out[i] = CrossEntropyLoss.IGNORE_INDEX;
        }
        return out;
    }

    private static int[] count(String what, int[] values, int expected) {
        if (values.length != expected) {
            throw new IllegalArgumentException(what + ": expected " + expected + " values for this batch, found "
                    + values.length);
        }
        return values;
    }

    private static float[] count(String what, float[] values, int expected) {
        if (values.length != expected) {
            throw new IllegalArgumentException(what + ": expected " + expected + " values for this batch, found "
                    + values.length);
        }
        return values;
    }

    private static IllegalArgumentException unsupported(HeadType head, Labels labels) {
        return new IllegalArgumentException(head.architecture() + " cannot be trained with "
                + labels.getClass().getSimpleName() + " labels");
    }
}
