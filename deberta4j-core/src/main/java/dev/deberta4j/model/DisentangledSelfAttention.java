package dev.deberta4j.model;

import dev.deberta4j.concurrent.ThreadPool;
import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.kernels.Gemm;
import dev.deberta4j.kernels.Gemm.Operand;

import java.util.List;

/**
 * DeBERTa's disentangled self-attention for inference:
 * score(i, j) = (q_i·k_j + [c2p] q_i·pk[r(i,j)] + [p2c] k_j·pq[r(i,j)]) / sqrt(d · (1 + #pos_att_type)),
 * with r(i, j) the bucketed relative-embedding row, followed by XSoftmax (masked entries exactly 0,
 * rows of padded queries all 0) and the product with the values.
 *
 * <p>The projected relative embeddings pk / pq depend only on weights, so each row is computed once, on the first
 * forward pass that reads it ({@link ProjectedPositions}).
 * Only the rows of pk / pq that a tile of queries (c2p) or a tile of (queries, keys) (p2c) can reach are multiplied
 * with its queries / keys, and scores read them through the index table instead of materialising and gathering a
 * [batch, heads, L, 2·span] tensor.
 *
 * <p>Long inputs are tiled over query rows (see {@link #rowBlock}): a worker holds one block of R query rows' scores
 * [R, L] and their relative terms at a time ({@link #workspaceFloats}), never a head's whole [L, L] or [L, 2·span],
 * so a 4,096-token input runs in memory linear in L.
 */
final class DisentangledSelfAttention {
    private final int heads;
    private final int headSize;
    private final int allHeadSize;
    private final Linear projections;           // query, key and value stacked: [rows, 3·stride] in one product
    private final int stride;                   // columns of each of q, k, v in the projections ({@link StackedWeights})
    private final int qkvWidth;                 // 3·stride: the stacked projections of one row
    private final ProjectedPositions posKey;    // [2·span, allHead] for c2p, or null
    private final ProjectedPositions posQuery;  // [2·span, allHead] for p2c, or null
    private final int tableRows;                // 2·span
    private final AttentionScores scoreRows;    // the score rows' math, shared with training

    DisentangledSelfAttention(DebertaConfig c, WeightReader r, String prefix, float[] relEmbeddings) {
        heads = c.numAttentionHeads;
        headSize = c.attentionHeadSize;
        allHeadSize = c.allHeadSize();
        scoreRows = new AttentionScores(c);
        Linear.Stack qkv = Linear.backboneStack(r,
                List.of(prefix + "query_proj", prefix + "key_proj", prefix + "value_proj"), allHeadSize, c.hiddenSize);
        projections = qkv.whole();
        stride = qkv.stride();
        qkvWidth = 3 * stride;
        Linear query = qkv.parts().get(0);   // views of the stacked weights, for share_att_key
        Linear key = qkv.parts().get(1);
        if (c.relativeAttention) {
            int rows = c.relEmbeddingRows();
            Linear keyForPos = c.c2p()
                    ? (c.shareAttKey ? key : Linear.backbone(r, prefix + "pos_key_proj", allHeadSize, c.hiddenSize, true))
                    : null;
            Linear queryForPos = c.p2c()
                    ? (c.shareAttKey ? query : Linear.backbone(r, prefix + "pos_query_proj", allHeadSize, c.hiddenSize, true))
                    : null;
            posKey = keyForPos == null ? null : new ProjectedPositions(keyForPos, relEmbeddings, rows, heads);
            posQuery = queryForPos == null ? null : new ProjectedPositions(queryForPos, relEmbeddings, rows, heads);
            tableRows = rows;
        } else {
            posKey = null;
            posQuery = null;
            tableRows = 0;
        }
    }

    /** Columns of the stacked q, k, v projections of one row: 3 · {@link StackedWeights#stride}. */
    static int projectionWidth(DebertaConfig c) {
        return 3 * StackedWeights.stride(c.allHeadSize());
    }

    /**
     * Query rows per attention tile. Inputs up to {@link #WHOLE_ROWS_MAX} tokens are one tile (the whole [L, L]
     * score matrix of a head, as before tiling); longer ones are cut into blocks of {@link #ROW_BLOCK} query rows,
     * and the p2c term into blocks of {@link #ROW_BLOCK} keys, so memory grows linearly with L.
     */
    static final int WHOLE_ROWS_MAX = 512;
    static final int ROW_BLOCK = 128;

    /** Query rows (and p2c key columns) per tile at sequence length len. */
    static int rowBlock(int len) {
        return len <= WHOLE_ROWS_MAX ? len : ROW_BLOCK;
    }

    /**
     * Floats of scratch one worker thread holds while attending at sequence length len with block R = rowBlock(len)
     * and n = 2·span relative rows: scores R·L, c2p R·w(R + L - 1), p2c R·w(2R - 1), where w(width) is the
     * relative rows reached widened to whole packed panels ({@link #windowColumns}). For L ≤ 512 that is about
     * L² + 2·L·min(2L - 1, n) (the whole head); beyond it it is linear in L: at L = 4096 with span 256,
     * 128·4096 + 128·512 + 128·(255 + 2·31) floats ≈ 2.6 MB per thread, whatever the number of heads or the batch.
     */
    static long workspaceFloats(int len, int relRows, boolean c2p, boolean p2c) {
        long block = rowBlock(len);
        long scores = block * len;
        long c2pFloats = c2p ? block * windowColumns(rowBlock(len) + len - 1, relRows) : 0;
        long p2cFloats = p2c ? block * windowColumns(2 * rowBlock(len) - 1, relRows) : 0;
        return scores + c2pFloats + p2cFloats;
    }

    /**
     * Columns of a c2p / p2c block that reaches {@code width} consecutive relative rows of an n-row table: the
     * packed panels covering them, cut at the table's end.
     */
    static int windowColumns(int width, int relRows) {
        return Math.min(width + 2 * (Gemm.panelWidth() - 1), relRows);
    }

    /**
     * @param hidden [batch·L, hidden]
     * @param probsOut if not null, receives the attention probabilities [batch, heads, L, L]
     * @return the context [batch·L, allHead], in {@code buffers.context}
     */
    float[] forward(float[] hidden, ModelInput in, RelativeIndex rel, float[] probsOut, LayerBuffers buffers) {
        int batch = in.batch();
        int len = in.seqLen();
        int rows = batch * len;
        // q, k and v of row t: columns [0, allHead), [stride, stride + allHead), [2·stride, 2·stride + allHead).
        float[] qkv = buffers.projections;
        projections.forward(hidden, rows, qkv);
        float[] context = buffers.context;
        int[] mask = in.attentionMask();
        int block = rowBlock(len);
        int blocks = (len + block - 1) / block;
        float[] pk = rel == null || posKey == null ? null : posKey.covering(rel.lowest(), rel.width());
        float[] pq = rel == null || posQuery == null ? null : posQuery.covering(rel.lowest(), rel.width());
        // One unit of work: one block of query rows of one (batch, head); its context rows are its own.
        ThreadPool.shared().parallelFor(batch * heads * blocks, (start, end) -> {
            LayerBuffers.AttentionScratch scratch = buffers.takeScratch(() -> new LayerBuffers.AttentionScratch(
                    new float[block * len],
                    posKey != null && rel != null ? new float[block * windowColumns(block + len - 1, tableRows)] : null,
                    posQuery != null && rel != null ? new float[block * windowColumns(2 * block - 1, tableRows)] : null));
            float[] scores = scratch.scores();
            float[] c2p = scratch.c2p();
            float[] p2c = scratch.p2c();
            for (int unit = start; unit < end; unit++) {
                int bh = unit / blocks;
                int i0 = (unit % blocks) * block;
                int count = Math.min(block, len - i0);
                int b = bh / heads;
                int h = bh % heads;
                int base = b * len * qkvWidth + h * headSize;   // this head's query columns of the sequence's rows
                attendRows(qkv, base, len, i0, count, mask, b * len, rel, h, pk, pq, scores, c2p, p2c);
                if (probsOut != null) {
                    System.arraycopy(scores, 0, probsOut, (bh * len + i0) * len, count * len);
                }
                int out = (b * len + i0) * allHeadSize + h * headSize;
                Gemm.matmul(count, headSize, len, new Operand(scores, 0, len),
                        new Operand(qkv, base + 2 * stride, qkvWidth), new Operand(context, out, allHeadSize), false);
            }
            buffers.returnScratch(scratch);
        });
        return context;
    }

    /**
     * Fills {@code scores} [count, L] with the attention probabilities of query rows [i0, i0 + count) of one
     * (batch, head) ({@link AttentionScores}). c2p reads the relative rows these queries reach ([count, ≤ 2·span]);
     * p2c is computed per block of keys for the relative rows that block pair reaches ([≤ R, ≤ 2R - 1]), so neither
     * is ever [L, 2·span]. The head's queries start at qkv[base], its keys at qkv[base + stride], rows qkvWidth apart.
     */
    private void attendRows(float[] qkv, int base, int len, int i0, int count, int[] mask, int maskOff,
                            RelativeIndex rel, int h, float[] pk, float[] pq, float[] scores, float[] c2p,
                            float[] p2c) {
        int a = qkvWidth;
        int qOff = base + i0 * a;
        int kOff = base + stride;
        scoreRows.content(qkv, qOff, qkv, kOff, a, count, len, scores, 0);
        if (rel == null) {
            scoreRows.probabilities(scores, 0, count, len, i0, mask, maskOff);
            return;
        }
        int[] index = rel.indexByOffset();
        int last = len - 1;   // index table offset of i - j = 0
        // Relative rows reached by queries [i0, i0 + count) against all keys: offsets i - j from i0 - (L - 1),
        // table entry i0, up to i0 + count - 1.
        int c2pLow = index[i0];
        int c2pWidth = index[i0 + count - 1 + last] - c2pLow + 1;
        // c2p and p2c multiply whole packed panels of the table: NR-aligned windows from c2pBase / p2cBase.
        int nr = Gemm.panelWidth();
        int c2pBase = c2pLow / nr * nr;
        int c2pCols = Math.min((c2pLow + c2pWidth + nr - 1) / nr * nr, tableRows) - c2pBase;
        if (c2p != null) {
            Gemm.matmulPanels(count, headSize, qkv, qOff, a, pk, posKey.headOffset(h), tableRows, c2pBase / nr,
                    (c2pLow + c2pWidth + nr - 1) / nr, c2p, 0, c2pCols);
        }
        int keyBlock = rowBlock(len);
        for (int j0 = 0; j0 < len; j0 += keyBlock) {
            int keys = Math.min(keyBlock, len - j0);
            // The (bucketed, clamped) index is monotone in i - j, so the rows this tile reaches are contiguous.
            int p2cLow = index[i0 - (j0 + keys - 1) + last];
            int p2cWidth = index[i0 + count - 1 - j0 + last] - p2cLow + 1;
            int p2cBase = p2cLow / nr * nr;
            int p2cCols = Math.min((p2cLow + p2cWidth + nr - 1) / nr * nr, tableRows) - p2cBase;
            if (p2c != null) {
                Gemm.matmulPanels(keys, headSize, qkv, kOff + j0 * a, a, pq, posQuery.headOffset(h), tableRows,
                        p2cBase / nr, (p2cLow + p2cWidth + nr - 1) / nr, p2c, 0, p2cCols);
            }
            // The windows start at c2pBase / p2cBase of the whole table, which the index addresses.
            scoreRows.relativeProbabilities(scores, 0, count, len, i0, j0, keys, mask, maskOff, index,
                    c2p, -c2pBase, c2pCols, p2c, -p2cBase, p2cCols);
        }
    }
}
