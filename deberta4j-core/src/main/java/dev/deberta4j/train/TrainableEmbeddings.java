package dev.deberta4j.train;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.model.EmbeddingRows;
import dev.deberta4j.model.ModelInput;

/**
 * The embeddings for training: word (+ absolute position) (+ token type) embeddings, the optional projection
 * to hidden_size, LayerNorm (ELECTRA: LayerNorm before its biased embeddings_project), DeBERTa's attention mask
 * and dropout; positions as {@link ModelInput#positionIds} (RoBERTa's skip padding). The word embeddings have padding_idx = pad_token_id,
 * so (as in nn.Embedding) the pad row gets no gradient from this path.
 *
 * <p>For Gradient-Disentangled Embedding Sharing the word vector of a token can be the sum of a trainable table and
 * a stop-gradient table (E_D = sg(E_G) + E_Δ): the lookup adds both rows, the gradient reaches the trainable one only.
 */
public final class TrainableEmbeddings {
    private final int embeddingSize;
    private final int hiddenSize;
    private final int padTokenId;
    private final double dropout;
    final Parameter wordEmbeddings;
    private final Parameter stopGradientWordEmbeddings;   // null unless GDES: added to the lookup, never trained here
    private final Parameter positionEmbeddings;   // null unless position_biased_input
    private final Parameter tokenTypeEmbeddings;  // null unless type_vocab_size > 0
    private final TrainableLinear embedProj;           // null unless embedding_size != hidden_size
    private final TrainableLayerNorm layerNorm;
    private final DebertaConfig config;
    private final boolean normFirst;              // ELECTRA: LayerNorm at embedding_size, then the projection

    // Saved by forward for backward.
    private ModelInput input;
    private float[] summed;
    private TrainableLayerNorm.Normalized normalized;
    private float[] dropoutMask;

    public TrainableEmbeddings(DebertaConfig c, ParameterSet p) {
        this(c, p, p.backbone("embeddings.word_embeddings.weight"), null);
    }

    /**
     * Embeddings whose word table is {@code wordEmbeddings} (trainable) plus, if not null, {@code stopGradientAddend}
     * (same shape, read but given no gradient): the discriminator's E_Δ and E_G under GDES.
     */
    public TrainableEmbeddings(DebertaConfig c, ParameterSet p, Parameter wordEmbeddings, Parameter stopGradientAddend) {
        if (stopGradientAddend != null && stopGradientAddend.size() != wordEmbeddings.size()) {
            throw new IllegalArgumentException(stopGradientAddend + " and " + wordEmbeddings + " differ in shape");
        }
        embeddingSize = c.embeddingSize;
        hiddenSize = c.hiddenSize;
        padTokenId = c.padTokenId;
        dropout = c.hiddenDropoutProb;
        this.wordEmbeddings = wordEmbeddings;
        this.stopGradientWordEmbeddings = stopGradientAddend;
        positionEmbeddings = c.positionBiasedInput ? p.backbone("embeddings.position_embeddings.weight") : null;
        tokenTypeEmbeddings = c.typeVocabSize > 0 ? p.backbone("embeddings.token_type_embeddings.weight") : null;
        config = c;
        normFirst = c.family.normalisesBeforeProjection();
        embedProj = c.embeddingSize != c.hiddenSize
                ? new TrainableLinear(p.backbone("embeddings.embed_proj.weight"),
                        normFirst ? p.backbone("embeddings.embed_proj.bias") : null) : null;
        layerNorm = p.backboneLayerNorm("embeddings.LayerNorm", c.layerNormEps);
    }

    /** @return the embedding output [batch·L, hidden] */
    public float[] forward(ModelInput in, DropoutStream stream) {
        input = in;
        int rows = in.batch() * in.seqLen();
        int e = embeddingSize;
        EmbeddingRows word = stopGradientWordEmbeddings != null
                ? EmbeddingRows.sumOf(stopGradientWordEmbeddings.data(), wordEmbeddings.data(), e)
                : EmbeddingRows.of(wordEmbeddings.data(), e);
        float[] sum = EmbeddingRows.sum(in, config, e, word,
                positionEmbeddings != null ? EmbeddingRows.of(positionEmbeddings.data(), e) : null,
                tokenTypeEmbeddings != null ? EmbeddingRows.of(tokenTypeEmbeddings.data(), e) : null);
        summed = sum;
        float[] out;
        if (normFirst) {
            normalized = layerNorm.forward(sum, rows);
            out = embedProj != null ? embedProj.forward(normalized.y(), rows) : normalized.y().clone();
        } else {
            float[] hidden = embedProj != null ? embedProj.forward(sum, rows) : sum;
            normalized = layerNorm.forward(hidden, rows);
            out = normalized.y().clone();
        }
        if (config.family.zeroesPaddedPositions()) in.zeroPaddedRows(out, hiddenSize);
        dropoutMask = Dropout.drop(dropout, out, stream, DropoutStream.EMBEDDINGS_SITE);
        return out;
    }

    /** Accumulates the gradients of every embedding table, the projection and the LayerNorm. */
    public void backward(float[] dOut) {
        ModelInput in = input;
        int rows = in.batch() * in.seqLen();
        int e = embeddingSize;
        float[] d = dOut.clone();
        Dropout.apply(dropoutMask, d);
        if (config.family.zeroesPaddedPositions()) in.zeroPaddedRows(d, hiddenSize);
        float[] dSum;
        if (normFirst) {
            float[] dNormalized = embedProj != null ? embedProj.backward(normalized.y(), d, rows) : d;
            dSum = layerNorm.backward(normalized, dNormalized);
        } else {
            float[] dHidden = layerNorm.backward(normalized, d);
            dSum = embedProj != null ? embedProj.backward(summed, dHidden, rows) : dHidden;
        }
        int[] ids = in.inputIds();
        int[] types = in.tokenTypeIds();
        int[] positions = positionEmbeddings != null ? in.positionIds(config) : null;
        // RoBERTa's position table has padding_idx = pad, the position id of padding tokens: no gradient there.
        int positionPad = config.family.positionsSkipPadding() ? padTokenId : -1;
        for (int row = 0; row < rows; row++) {
            int src = row * e;
            if (ids[row] != padTokenId) addRow(dSum, src, wordEmbeddings.grad(), ids[row] * e, e);
            if (positionEmbeddings != null && positions[row] != positionPad) {
                addRow(dSum, src, positionEmbeddings.grad(), positions[row] * e, e);
            }
            if (tokenTypeEmbeddings != null) addRow(dSum, src, tokenTypeEmbeddings.grad(), types[row] * e, e);
        }
    }

    /** The trainable word table (the tied MLM decoder weight of a masked-LM model). */
    public Parameter wordEmbeddings() {
        return wordEmbeddings;
    }

    private static void addRow(float[] src, int srcOff, float[] dst, int dstOff, int n) {
        for (int i = 0; i < n; i++) dst[dstOff + i] += src[srcOff + i];
    }
}
