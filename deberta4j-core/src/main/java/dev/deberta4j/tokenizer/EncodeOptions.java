package dev.deberta4j.tokenizer;

/**
 * How to encode: special tokens, truncation and padding (the knobs of HF {@code tokenizers}).
 *
 * @param addSpecialTokens whether the post-processor adds {@code [CLS]}/{@code [SEP]}
 * @param truncation       null for none
 * @param padding          null for none
 */
public record EncodeOptions(boolean addSpecialTokens, Truncation truncation, Padding padding) {
    /** Which sequence loses tokens when a pair is too long. */
    public enum TruncationStrategy { LONGEST_FIRST, ONLY_FIRST, ONLY_SECOND }

    /** Pad to the longest encoding of the batch, or to a fixed length. */
    public enum PaddingStrategy { LONGEST, MAX_LENGTH }

    public enum Side { LEFT, RIGHT }

    /**
     * @param maxLength total length including special tokens
     * @param stride    tokens shared between consecutive overflowing windows
     * @param side      which end is cut
     */
    public record Truncation(TruncationStrategy strategy, int maxLength, int stride, Side side) {
        public Truncation {
            if (maxLength < 0) throw new IllegalArgumentException("truncation maxLength must be >= 0, got " + maxLength);
            if (stride < 0) throw new IllegalArgumentException("truncation stride must be >= 0, got " + stride);
        }

        public static Truncation longestFirst(int maxLength) {
            return new Truncation(TruncationStrategy.LONGEST_FIRST, maxLength, 0, Side.RIGHT);
        }
    }

    /**
     * @param length          target length for {@link PaddingStrategy#MAX_LENGTH} (ignored for LONGEST)
     * @param padToMultipleOf round the target up to a multiple of this (0: off)
     * @param side            where padding goes; null: the tokenizer's {@code padding_side} (tokenizer_config.json)
     */
    public record Padding(PaddingStrategy strategy, int length, int padToMultipleOf, Side side) {
        public Padding {
            if (length < 0) throw new IllegalArgumentException("padding length must be >= 0, got " + length);
            if (padToMultipleOf < 0) {
                throw new IllegalArgumentException("padToMultipleOf must be >= 0, got " + padToMultipleOf);
            }
        }

        /** Pad to the longest encoding, on the tokenizer's padding side. */
        public static Padding longest() { return new Padding(PaddingStrategy.LONGEST, 0, 0, null); }

        /** Pad to {@code length}, on the tokenizer's padding side. */
        public static Padding maxLength(int length) {
            return new Padding(PaddingStrategy.MAX_LENGTH, length, 0, null);
        }

        /** The length to pad {@code longest}-token encodings to. */
        int target(int longest) {
            int target = strategy == PaddingStrategy.LONGEST ? longest : length;
            if (padToMultipleOf > 0 && target % padToMultipleOf != 0) {
                target += padToMultipleOf - target % padToMultipleOf;
            }
            return target;
        }
    }

    /** Special tokens on, no truncation, no padding. */
    public static EncodeOptions defaults() { return new EncodeOptions(true, null, null); }

    public EncodeOptions withTruncation(Truncation t) { return new EncodeOptions(addSpecialTokens, t, padding); }

    public EncodeOptions withPadding(Padding p) { return new EncodeOptions(addSpecialTokens, truncation, p); }

    public EncodeOptions withAddSpecialTokens(boolean add) { return new EncodeOptions(add, truncation, padding); }
}
