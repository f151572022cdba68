package dev.deberta4j.model;

import dev.deberta4j.config.DebertaConfig;

/**
 * Rows of an embedding table [rows, width], and the embedding sum word (+ absolute position) (+ token type) that
 * inference ({@link Embeddings}, tables read in place from the checkpoint's mapping) and training
 * ({@code train.TrainableEmbeddings}, tables being trained) share. Internal: public only because {@code train} is
 * another package.
 */
@FunctionalInterface
public interface EmbeddingRows {
    /** dst[off, off + width) = row {@code row}. */
    void copyRow(int row, float[] dst, int off);

    /** A table on the heap, [rows, width] row-major. */
    static EmbeddingRows of(float[] table, int width) {
        return (row, dst, off) -> System.arraycopy(table, row * width, dst, off, width);
    }

    /**
     * The float32 sum of two tables' rows, as torch's F.embedding(ids, first + second) gives it (GDES: the
     * discriminator's stop-gradient E_G plus its own E_Δ).
     */
    static EmbeddingRows sumOf(float[] first, float[] second, int width) {
        return (row, dst, off) -> {
            int src = row * width;
            for (int i = 0; i < width; i++) dst[off + i] = first[src + i] + second[src + i];
        };
    }

    /**
     * The embedding sum [batch·L, width] of every token: its word row, plus its position row ({@link
     * ModelInput#positionIds}) and its token type row where the tables are not null, added in that order.
     */
    static float[] sum(ModelInput in, DebertaConfig c, int width, EmbeddingRows word, EmbeddingRows position,
                       EmbeddingRows tokenType) {
        int rows = in.batch() * in.seqLen();
        float[] sum = new float[rows * width];
        float[] scratch = new float[width];
        int[] ids = in.inputIds();
        int[] types = in.tokenTypeIds();
        int[] positions = position != null ? in.positionIds(c) : null;
        for (int row = 0; row < rows; row++) {
            int dst = row * width;
            word.copyRow(ids[row], sum, dst);
            if (position != null) add(position, positions[row], sum, dst, scratch);
            if (tokenType != null) add(tokenType, types[row], sum, dst, scratch);
        }
        return sum;
    }

    private static void add(EmbeddingRows table, int row, float[] dst, int off, float[] scratch) {
        table.copyRow(row, scratch, 0);
        for (int i = 0; i < scratch.length; i++) dst[off + i] += scratch[i];
    }
}
