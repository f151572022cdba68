package dev.deberta4j.model;

import dev.deberta4j.config.DebertaConfig;

/**
 * The embeddings of every family: word (+ absolute position) (+ token type), then
 * DeBERTa: projected to hidden_size when embedding_size differs (no bias), LayerNorm, multiplied by the attention mask;
 * ELECTRA: LayerNorm at embedding_size, then embeddings_project (with bias) when the sizes differ;
 * BERT, RoBERTa, DistilBERT: LayerNorm. RoBERTa's position ids skip padding ({@link ModelInput#positionIds}).
 */
final class Embeddings {
    private final int embeddingSize;
    private final int hiddenSize;
    final EmbeddingTable wordEmbeddings;         // [vocab, embedding_size]; the MLM decoder is tied to it
    private final EmbeddingTable positionEmbeddings;  // [max_position, embedding_size] or null
    private final EmbeddingTable tokenTypeEmbeddings; // [type_vocab, embedding_size] or null
    private final Linear embedProj;    // embedding_size -> hidden_size, no bias, or null
    private final LayerNorm layerNorm;
    private final DebertaConfig config;

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
        config = c;
        boolean normFirst = c.family.normalisesBeforeProjection();
        embedProj = c.embeddingSize != c.hiddenSize
                ? Linear.backbone(r, "embeddings.embed_proj", c.hiddenSize, c.embeddingSize, normFirst) : null;
        layerNorm = LayerNorm.backbone(r, "embeddings.LayerNorm", normFirst ? c.embeddingSize : c.hiddenSize,
                c.layerNormEps);
    }

    /** Returns [batch * seq, hidden]. */
    float[] forward(ModelInput in) {
        int rows = in.batch() * in.seqLen();
        float[] sum = EmbeddingRows.sum(in, config, embeddingSize, wordEmbeddings, positionEmbeddings,
                tokenTypeEmbeddings);
        if (config.family.normalisesBeforeProjection()) {
            layerNorm.forwardInPlace(sum, rows);
            return embedProj != null ? embedProj.forward(sum, rows) : sum;
        }
        float[] hidden = embedProj != null ? embedProj.forward(sum, rows) : sum;
        layerNorm.forwardInPlace(hidden, rows);
        if (config.family.zeroesPaddedPositions()) in.zeroPaddedRows(hidden, hiddenSize);
        return hidden;
    }
}
