package dev.deberta4j.model;

import dev.deberta4j.tokenizer.Encoding;
import dev.deberta4j.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * A padded batch of token ids, row-major [batch, seqLen], with its attention mask (1 = token, 0 = padding)
 * and token type ids. For multiple choice, {@code numChoices} consecutive rows are the choices of one example.
 */
public record ModelInput(int batch, int seqLen, int[] inputIds, int[] attentionMask, int[] tokenTypeIds,
                         int numChoices) {
    public ModelInput {
        int n = batch * seqLen;
        if (batch <= 0 || seqLen <= 0) {
            throw new IllegalArgumentException("empty batch: batch " + batch + ", sequence length " + seqLen);
        }
        check("input_ids", inputIds, n);
        check("attention_mask", attentionMask, n);
        check("token_type_ids", tokenTypeIds, n);
        if (numChoices < 1 || batch % numChoices != 0) {
            throw new IllegalArgumentException("batch " + batch + " is not a whole number of examples of "
                    + numChoices + " choices");
        }
        for (int i = 0; i < n; i++) {
            if (attentionMask[i] != 0 && attentionMask[i] != 1) {
                throw new IllegalArgumentException("attention_mask[" + (i / seqLen) + "][" + (i % seqLen)
                        + "] = " + attentionMask[i] + ", expected 0 or 1");
            }
        }
    }

    private static void check(String name, int[] a, int n) {
        if (a == null || a.length != n) {
            throw new IllegalArgumentException(name + ": expected " + n + " values, found "
                    + (a == null ? "none" : a.length));
        }
    }

    /** Sequences of (possibly) different lengths, right-padded with padId; type ids all 0. */
    public static ModelInput of(List<int[]> sequences, int padId) {
        return of(sequences, null, padId);
    }

    /** Sequences with optional per-sequence token type ids, right-padded with padId. */
    public static ModelInput of(List<int[]> sequences, List<int[]> typeIds, int padId) {
        return of(sequences, null, typeIds, padId);
    }

    /**
     * Sequences with optional per-sequence attention masks (null: all 1) and token type ids (null: all 0),
     * right-padded with padId; padding is masked.
     */
    public static ModelInput of(List<int[]> sequences, List<int[]> masks, List<int[]> typeIds, int padId) {
        int batch = sequences.size();
        int len = 0;
        for (int[] s : sequences) len = Math.max(len, s.length);
        int[] ids = new int[batch * len];
        int[] mask = new int[batch * len];
        int[] types = new int[batch * len];
        java.util.Arrays.fill(ids, padId);
        for (int b = 0; b < batch; b++) {
            int[] s = sequences.get(b);
            System.arraycopy(s, 0, ids, b * len, s.length);
            if (masks != null) {
                System.arraycopy(sameLength(b, s, masks.get(b), "attention mask values"), 0, mask, b * len, s.length);
            } else {
                java.util.Arrays.fill(mask, b * len, b * len + s.length, 1);
            }
            if (typeIds != null) {
                System.arraycopy(sameLength(b, s, typeIds.get(b), "token type ids"), 0, types, b * len, s.length);
            }
        }
        return new ModelInput(batch, len, ids, mask, types, 1);
    }

    private static int[] sameLength(int row, int[] ids, int[] other, String what) {
        if (other.length != ids.length) {
            throw new IllegalArgumentException("sequence " + row + ": " + ids.length + " input ids but "
                    + other.length + " " + what);
        }
        return other;
    }

    /**
     * Texts straight from a tokenizer (special tokens added, no truncation: an over-long text fails in
     * {@link DebertaModel#forward} with a message naming the limit rather than being cut silently).
     */
    public static ModelInput encode(Tokenizer tokenizer, List<String> texts) {
        return fromEncodings(tokenizer.encodeBatch(texts), Math.max(0, tokenizer.padId()));
    }

    /** Sentence pairs: {@code [CLS] A [SEP] B [SEP]} with type ids 0 / 1, as the tokenizer's template gives. */
    public static ModelInput encodePairs(Tokenizer tokenizer, List<String> first, List<String> second) {
        return fromEncodings(tokenizer.encodeBatch(first, second, tokenizer.defaultOptions()), Math.max(0, tokenizer.padId()));
    }

    /** Encodings of possibly different lengths, right-padded with padId and masked. */
    public static ModelInput fromEncodings(List<Encoding> encodings, int padId) {
        List<int[]> ids = new ArrayList<>(encodings.size());
        List<int[]> masks = new ArrayList<>(encodings.size());
        List<int[]> types = new ArrayList<>(encodings.size());
        for (Encoding e : encodings) {
            ids.add(e.ids());
            masks.add(e.attentionMask());   // padding a tokenizer already applied stays masked
            types.add(e.typeIds());
        }
        return of(ids, masks, types, padId);
    }

    /**
     * A batch of random ids for benchmarks: full length, no padding (as the anchors measure), ids drawn uniformly
     * above the first five so that special tokens do not dominate.
     */
    public static ModelInput random(int batch, int len, int vocab, int padId, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        List<int[]> rows = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            int[] ids = new int[len];
            for (int i = 0; i < len; i++) ids[i] = 5 + r.nextInt(vocab - 5);
            rows.add(ids);
        }
        return of(rows, padId);
    }

    /** Rows already padded to one length. */
    public static ModelInput ofPadded(int[][] ids, int[][] mask, int[][] types) {
        int batch = ids.length;
        int len = ids[0].length;
        int[] flatIds = new int[batch * len];
        int[] flatMask = new int[batch * len];
        int[] flatTypes = new int[batch * len];
        for (int b = 0; b < batch; b++) {
            if (ids[b].length != len) {
                throw new IllegalArgumentException("input_ids row " + b + " has length " + ids[b].length
                        + ", row 0 has " + len + " (pad rows to one length or use ModelInput.of)");
            }
            System.arraycopy(ids[b], 0, flatIds, b * len, len);
            if (mask != null) System.arraycopy(mask[b], 0, flatMask, b * len, len);
            else java.util.Arrays.fill(flatMask, b * len, (b + 1) * len, 1);
            if (types != null) System.arraycopy(types[b], 0, flatTypes, b * len, len);
        }
        return new ModelInput(batch, len, flatIds, flatMask, flatTypes, 1);
    }

    /**
     * Checks the input against a model's config before a forward pass (inference and training alike): the length
     * within its limits, every id inside the vocabulary and every token type inside type_vocab_size.
     */
    public void validate(dev.deberta4j.config.DebertaConfig config) {
        config.requireSequenceLength(seqLen);
        for (int i = 0; i < inputIds.length; i++) {
            if (inputIds[i] < 0 || inputIds[i] >= config.vocabSize) {
                throw new IllegalArgumentException("input_ids[" + (i / seqLen) + "][" + (i % seqLen) + "] = "
                        + inputIds[i] + " is outside the vocabulary [0, " + config.vocabSize + ")");
            }
            // Without token type embeddings (type_vocab_size 0) transformers ignores token_type_ids.
            if (config.typeVocabSize > 0 && (tokenTypeIds[i] < 0 || tokenTypeIds[i] >= config.typeVocabSize)) {
                throw new IllegalArgumentException("token_type_ids[" + (i / seqLen) + "][" + (i % seqLen) + "] = "
                        + tokenTypeIds[i] + " is outside [0, " + config.typeVocabSize + ") (type_vocab_size)");
            }
        }
    }

    /** Sets to 0 the rows of x [batch·L, width] that belong to padding (attention mask 0). */
    public void zeroPaddedRows(float[] x, int width) {
        for (int row = 0; row < attentionMask.length; row++) {
            if (attentionMask[row] == 0) java.util.Arrays.fill(x, row * width, (row + 1) * width, 0f);
        }
    }

    /**
     * The absolute position id of every token [batch·seqLen]: its index in the row, or for RoBERTa (transformers'
     * create_position_ids_from_input_ids) pad + 1 + the count of non-pad tokens before it, and pad itself at
     * padding tokens.
     */
    public int[] positionIds(dev.deberta4j.config.DebertaConfig config) {
        int[] positions = new int[inputIds.length];
        int pad = config.padTokenId;
        boolean skipPadding = config.family.positionsSkipPadding();
        for (int b = 0; b < batch; b++) {
            int count = 0;
            for (int i = 0; i < seqLen; i++) {
                int row = b * seqLen + i;
                if (!skipPadding) {
                    positions[row] = i;
                } else {
                    positions[row] = inputIds[row] == pad ? pad : pad + ++count;
                }
            }
        }
        return positions;
    }

    /** The same rows read as examples of {@code numChoices} choices each (multiple choice). */
    public ModelInput asChoices(int choices) {
        return new ModelInput(batch, seqLen, inputIds, attentionMask, tokenTypeIds, choices);
    }
}
