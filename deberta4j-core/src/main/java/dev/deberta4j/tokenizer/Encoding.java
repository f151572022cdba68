package dev.deberta4j.tokenizer;

import java.util.List;

/**
 * The result of encoding one text (or pair), field for field what Hugging Face {@code tokenizers} returns.
 * Arrays are owned by the caller (fresh per call); {@code equals} on records with arrays is identity.
 *
 * @param ids               token ids
 * @param tokens            token strings
 * @param offsets           {@code [start0, end0, start1, end1, ...]}: span of each token in the original text in
 *                          Unicode code points (a pair's second-sequence offsets are relative to the second text);
 *                          special and padding tokens have {@code (0, 0)}. A text with an unpaired surrogate is
 *                          seen the way it reaches Rust through JNI (every surrogate three U+FFFD, U+0000 two), and
 *                          its offsets count those chars, exactly as DJL's binding reports them
 * @param attentionMask     1 for real tokens, 0 for padding
 * @param typeIds           0 for the first sequence and its specials, 1 for the second
 * @param specialTokensMask 1 for tokens the post-processor or padding inserted
 * @param wordIds           index of the pre-tokenized word a token came from, -1 for special and padding tokens
 * @param overflowing       windows cut off by truncation (each with its own special tokens)
 */
public record Encoding(int[] ids, String[] tokens, int[] offsets, int[] attentionMask, int[] typeIds,
                       int[] specialTokensMask, int[] wordIds, List<Encoding> overflowing) {
    public int length() { return ids.length; }

    /** Start of token {@code i} in code points of the original text. */
    public int start(int i) { return offsets[2 * i]; }

    /** End (exclusive) of token {@code i} in code points of the original text. */
    public int end(int i) { return offsets[2 * i + 1]; }
}
