package dev.deberta4j.corpus;

/**
 * Packs the token ids of consecutive documents into fixed-length training sequences {@code [CLS] … [SEP]},
 * documents joined by {@code [SEP]}, a long document continued in the next sequence (no overlap, no loss).
 *
 * <p>At a sequence boundary the separator is dropped: the sequence's own closing {@code [SEP]} ends the
 * document, and the next sequence starts {@code [CLS]} with the next document's first token. A separator is
 * only written when at least one token of the next document fits after it; otherwise the sequence closes one
 * token short (its last slot padded), so that a sequence never ends {@code [SEP] [SEP]}. Every sequence therefore
 * holds {@code length} tokens, except such a one and the corpus's last, which are right-padded.
 */
public final class SequencePacker {

    /** Receives each finished sequence: {@code tokens[0, filled)} are real, the rest is the pad id. */
    @FunctionalInterface
    public interface Sink {
        void accept(int[] tokens, int filled);
    }

    private final int[] sequence;
    private final int clsId;
    private final int sepId;
    private final int padId;
    private final Sink sink;
    private int filled;
    private long sequences;

    public SequencePacker(int length, int clsId, int sepId, int padId, Sink sink) {
        if (length < 3) throw new IllegalArgumentException("sequence length must be >= 3 ([CLS] token [SEP]), found " + length);
        this.sequence = new int[length];
        this.clsId = clsId;
        this.sepId = sepId;
        this.padId = padId;
        this.sink = sink;
        start();
    }

    /** Appends one document's tokens (without special tokens); an empty document adds nothing. */
    public void addDocument(int[] tokens) {
        if (tokens.length == 0) return;
        int contentEnd = sequence.length - 1;   // the last slot is the closing [SEP]
        if (filled > 1) {
            if (filled + 1 < contentEnd) {
                sequence[filled++] = sepId;
            } else {
                close();
            }
        }
        for (int t : tokens) {
            if (filled == contentEnd) close();
            sequence[filled++] = t;
        }
    }

    /** Closes the last, partly filled sequence (if any content is pending). */
    public void finish() {
        if (filled > 1) close();
    }

    /** Sequences written so far. */
    public long sequences() {
        return sequences;
    }

    private void close() {
        sequence[filled++] = sepId;
        for (int i = filled; i < sequence.length; i++) sequence[i] = padId;
        sink.accept(sequence, filled);
        sequences++;
        start();
    }

    private void start() {
        sequence[0] = clsId;
        filled = 1;
    }
}
