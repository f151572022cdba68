package dev.deberta4j.pipeline;

/**
 * Question-answering settings, named and defaulted as transformers' question-answering pipeline names them.
 *
 * @param topK                   answers to return per question
 * @param maxAnswerLength        longest answer in tokens
 * @param maxSeqLength           window length (question, context and special tokens); 0: the smaller of 384 and
 *                               the model's limit
 * @param docStride              context tokens shared by consecutive windows; -1: min(window / 2, 128)
 * @param handleImpossibleAnswer also offer "no answer", scored by the lowest [CLS] start x end probability over
 *                               the windows
 * @param alignToWords           widen answers to whole words
 */
public record QaOptions(int topK, int maxAnswerLength, int maxSeqLength, int docStride, boolean handleImpossibleAnswer,
                        boolean alignToWords) {
    public QaOptions {
        if (topK < 1) throw new IllegalArgumentException("topK must be >= 1, got " + topK);
        if (maxAnswerLength < 1) throw new IllegalArgumentException("maxAnswerLength must be >= 1, got " + maxAnswerLength);
        if (maxSeqLength < 0) throw new IllegalArgumentException("maxSeqLength must be >= 0 (0: automatic), got " + maxSeqLength);
        if (docStride < -1) throw new IllegalArgumentException("docStride must be >= 0 (-1: automatic), got " + docStride);
    }

    public static QaOptions defaults() {
        return new QaOptions(1, 15, 0, -1, false, true);
    }

    public QaOptions withTopK(int k) {
        return new QaOptions(k, maxAnswerLength, maxSeqLength, docStride, handleImpossibleAnswer, alignToWords);
    }

    public QaOptions withMaxAnswerLength(int tokens) {
        return new QaOptions(topK, tokens, maxSeqLength, docStride, handleImpossibleAnswer, alignToWords);
    }

    public QaOptions withWindow(int maxSeqLength, int docStride) {
        return new QaOptions(topK, maxAnswerLength, maxSeqLength, docStride, handleImpossibleAnswer, alignToWords);
    }

    public QaOptions withHandleImpossibleAnswer(boolean on) {
        return new QaOptions(topK, maxAnswerLength, maxSeqLength, docStride, on, alignToWords);
    }

    public QaOptions withAlignToWords(boolean on) {
        return new QaOptions(topK, maxAnswerLength, maxSeqLength, docStride, handleImpossibleAnswer, on);
    }
}
