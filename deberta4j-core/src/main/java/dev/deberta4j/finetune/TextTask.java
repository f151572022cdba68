package dev.deberta4j.finetune;

import dev.deberta4j.model.HeadType;

import java.util.Arrays;
import java.util.Locale;

/** What a fine-tuning run learns: the head, how inputs are encoded and which metrics apply. */
public enum TextTask {
    /** One text, one class (cross-entropy): accuracy and macro-F1. */
    SINGLE(HeadType.SEQUENCE_CLASSIFICATION, "single_label_classification"),
    /** A text pair ([CLS] a [SEP] b [SEP]), one class: accuracy and macro-F1. */
    PAIR(HeadType.SEQUENCE_CLASSIFICATION, "single_label_classification"),
    /** One text or a pair, one score (MSE, num_labels 1): Pearson and Spearman. */
    REGRESSION(HeadType.SEQUENCE_CLASSIFICATION, "regression"),
    /** Whitespace-separated words with one tag per word (first sub-token labelled): accuracy and macro-F1. */
    TOKEN(HeadType.TOKEN_CLASSIFICATION, null);

    private final HeadType head;
    private final String problemType;

    TextTask(HeadType head, String problemType) {
        this.head = head;
        this.problemType = problemType;
    }

    public HeadType head() {
        return head;
    }

    /** config.json's problem_type for the task (null: transformers keeps none for token classification). */
    public String problemType() {
        return problemType;
    }

    public boolean isClassification() {
        return this != REGRESSION;
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TextTask fromCliName(String name) {
        for (TextTask t : values()) if (t.cliName().equals(name)) return t;
        throw new IllegalArgumentException("unknown task \"" + name + "\": expected one of "
                + Arrays.stream(values()).map(TextTask::cliName).toList());
    }
}
