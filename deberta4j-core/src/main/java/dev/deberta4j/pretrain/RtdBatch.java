package dev.deberta4j.pretrain;

import dev.deberta4j.model.ModelInput;

/**
 * One batch of replaced-token-detection pre-training, masked by the caller.
 *
 * @param input             the original tokens (input_ids, attention_mask, token_type_ids): the MLM labels and
 *                          the discriminator's input outside the masked positions
 * @param maskPositions     [batch·L] true where the generator must predict the original token
 * @param generatorInputIds [batch·L] what the generator reads: usually [MASK] at the masked positions (BERT's
 *                          80-10-10 puts a random or the original token at some), the original token elsewhere
 */
public record RtdBatch(ModelInput input, boolean[] maskPositions, int[] generatorInputIds) {
    public RtdBatch {
        int n = input.batch() * input.seqLen();
        if (maskPositions.length != n || generatorInputIds.length != n) {
            throw new IllegalArgumentException("RTD batch: expected " + n + " mask flags and generator ids (batch "
                    + input.batch() + " x length " + input.seqLen() + "), found " + maskPositions.length + " and "
                    + generatorInputIds.length);
        }
        int[] mask = input.attentionMask();
        for (int i = 0; i < n; i++) {
            if (maskPositions[i] && mask[i] == 0) {
                throw new IllegalArgumentException("RTD batch: position " + i + " is masked but is padding");
            }
        }
    }

    /** The batch DeBERTa masks: {@code maskTokenId} at every masked position. */
    public static RtdBatch withMaskToken(ModelInput input, boolean[] maskPositions, int maskTokenId) {
        int[] ids = input.inputIds().clone();
        for (int i = 0; i < ids.length; i++) {
            if (maskPositions[i]) ids[i] = maskTokenId;
        }
        return new RtdBatch(input, maskPositions, ids);
    }

    /** This batch with another generator input (e.g. BERT's 80-10-10 replacements). */
    public RtdBatch withGeneratorIds(int[] ids) {
        return new RtdBatch(input, maskPositions, ids);
    }

    /** The flat indices (b·L + i) of the masked positions, ascending. */
    public int[] maskedRows() {
        int count = 0;
        for (boolean m : maskPositions) if (m) count++;
        int[] rows = new int[count];
        int k = 0;
        for (int i = 0; i < maskPositions.length; i++) if (maskPositions[i]) rows[k++] = i;
        return rows;
    }

    /** The generator's input: the original batch with {@link #generatorInputIds}. */
    ModelInput generatorInput() {
        return withIds(generatorInputIds);
    }

    ModelInput withIds(int[] ids) {
        return new ModelInput(input.batch(), input.seqLen(), ids, input.attentionMask(), input.tokenTypeIds(),
                input.numChoices());
    }
}
