package dev.deberta4j.model;

import dev.deberta4j.config.DebertaConfig;

/**
 * DebertaV2Embeddings: word (+ absolute position when position_biased_input) (+ token type), projected to
 * hidden_size when embedding_size differs, LayerNorm, then multiplied by the attention mask.
 */
final class Embeddings {
    private final int embeddingSize;
    private final int hiddenSize;
    final EmbeddingTable wordEmbeddings;         // [vocab, embedding_size]; the MLM decoder is tied to it
    private final EmbeddingTable positionEmbeddings;  // [max_position, embedding_size] or null
    private final EmbeddingTable tokenTypeEmbeddings; // [type_vocab, embedding_size] or null
    private final Linear embedProj;    // embedding_size -> hidden_size, no bias, or null
    private final LayerNorm layerNorm;

    Embeddings(DebertaConfig c, WeightReader r) {
        embeddingSize = c.embeddingSize;
        hiddenSize = c.hiddenSize;
        wordEmbeddings = EmbeddingTable.read(r, "embeddings.word_embeddings.weight", c.vocabSize, c.embeddingSize);
        positionEmbeddings = c.positionBiasedInput
                ? EmbeddingTable.read(r, "embeddings.position_embeddings.weight", c.maxPositionEmbeddings, c.embeddingSize)
                : null;
        tokenTypeEmbeddings = c.typeVocabSize > 0
                ? EmbeddingTable.read(r, "embeddings.token_type_embeddings.weight", c.typeVocabSize, c.embeddingSize)
                : null;
        embedProj = c.embeddingSize != c.hiddenSize
                ? Linear.backbone(r, "embeddings.embed_proj", c.hiddenSize, c.embeddingSize, false) : null;
        layerNorm = LayerNorm.backbone(r, "embeddings.LayerNorm", c.hiddenSize, c.layerNormEps);
    }

    /** Returns [batch * seq, hidden]. */
    float[] forward(ModelInput in) {
        int rows = in.batch() * in.seqLen();
        int e = embeddingSize;
        float[] sum = new float[rows * e];
        float[] scratch = new float[e];
        int[] ids = in.inputIds();
        int[] types = in.tokenTypeIds();
        for (int row = 0; row < rows; row++) {
            int dst = row * e;
            wordEmbeddings.copyRow(ids[row], sum, dst);
            if (positionEmbeddings != null) positionEmbeddings.addRow(row % in.seqLen(), sum, dst, scratch);
            if (tokenTypeEmbeddings != null) tokenTypeEmbeddings.addRow(types[row], sum, dst, scratch);
        }
        float[] hidden = embedProj != null ? embedProj.forward(sum, rows) : sum;
        layerNorm.forwardInPlace(hidden, rows);
        in.zeroPaddedRows(hidden, hiddenSize);
        return hidden;
    }
}
