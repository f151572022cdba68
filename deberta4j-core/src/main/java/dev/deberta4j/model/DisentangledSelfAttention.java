package dev.deberta4j.model;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.tensor.Gemm;
import dev.deberta4j.tensor.ThreadPool;
import dev.deberta4j.tensor.VectorOps;

/**
 * DeBERTa's disentangled self-attention for inference:
 * score(i, j) = (q_i·k_j + [c2p] q_i·pk[r(i,j)] + [p2c] k_j·pq[r(i,j)]) / sqrt(d · (1 + #pos_att_type)),
 * with r(i, j) the bucketed relative-embedding row, followed by XSoftmax (masked entries exactly 0,
 * rows of padded queries all 0) and the product with the values.
 *
 * <p>The projected relative embeddings pk / pq depend only on weights, so each row is computed once, on the first
 * forward pass that reads it ({@link ProjectedPositions}).
 * Per (batch, head) only the rows of pk / pq that a sequence of this length can reach are multiplied with the
 * queries / keys (a small [L, n] block, n ≤ 2L - 1), and scores read it through the index table instead of
 * materialising and gathering a [batch, heads, L, 2·span] tensor.
 */
final class DisentangledSelfAttention {
    private final int heads;
    private final int headSize;
    private final int allHeadSize;
    private final float invScale;
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final ProjectedPositions posKey;    // [2·span, allHead] for c2p, or null
    private final ProjectedPositions posQuery;  // [2·span, allHead] for p2c, or null

    DisentangledSelfAttention(DebertaConfig c, WeightReader r, String prefix, float[] relEmbeddings) {
        heads = c.numAttentionHeads;
        headSize = c.attentionHeadSize;
        allHeadSize = c.allHeadSize();
        invScale = (float) (1.0 / c.attentionScale());
        query = Linear.backbone(r, prefix + "query_proj", allHeadSize, c.hiddenSize, true);
        key = Linear.backbone(r, prefix + "key_proj", allHeadSize, c.hiddenSize, true);
        value = Linear.backbone(r, prefix + "value_proj", allHeadSize, c.hiddenSize, true);
        if (c.relativeAttention) {
            int rows = c.relEmbeddingRows();
            Linear keyForPos = c.c2p()
                    ? (c.shareAttKey ? key : Linear.backbone(r, prefix + "pos_key_proj", allHeadSize, c.hiddenSize, true))
                    : null;
            Linear queryForPos = c.p2c()
                    ? (c.shareAttKey ? query : Linear.backbone(r, prefix + "pos_query_proj", allHeadSize, c.hiddenSize, true))
                    : null;
            posKey = keyForPos == null ? null : new ProjectedPositions(keyForPos, relEmbeddings, rows);
            posQuery = queryForPos == null ? null : new ProjectedPositions(queryForPos, relEmbeddings, rows);
        } else {
            posKey = null;
            posQuery = null;
        }
    }

    /**
     * @param hidden [batch·L, hidden]
     * @param probsOut if not null, receives the attention probabilities [batch, heads, L, L]
     * @return the context [batch·L, allHead]
     */
    float[] forward(float[] hidden, ModelInput in, RelativeIndex rel, float[] probsOut) {
        int batch = in.batch();
        int len = in.seqLen();
        int rows = batch * len;
        float[] q = query.forward(hidden, rows);
        float[] k = key.forward(hidden, rows);
        float[] v = value.forward(hidden, rows);
        float[] context = new float[rows * allHeadSize];
        int[] mask = in.attentionMask();
        float[] pk = rel == null || posKey == null ? null : posKey.covering(rel.lowest(), rel.width());
        float[] pq = rel == null || posQuery == null ? null : posQuery.covering(rel.lowest(), rel.width());
        ThreadPool.shared().parallelFor(batch * heads, (start, end) -> {
            float[] scores = new float[len * len];
            float[] c2p = posKey != null ? new float[len * rel.width()] : null;
            float[] p2c = posQuery != null ? new float[len * rel.width()] : null;
            for (int bh = start; bh < end; bh++) {
                int b = bh / heads;
                int h = bh % heads;
                int base = b * len * allHeadSize + h * headSize;
                attendOneHead(q, k, v, base, len, mask, b * len, rel, h, pk, pq, scores, c2p, p2c);
                if (probsOut != null) System.arraycopy(scores, 0, probsOut, bh * len * len, len * len);
                Gemm.matmul(false, false, len, headSize, len, scores, 0, len, v, base, allHeadSize,
                        context, base, allHeadSize, false);
            }
        });
        return context;
    }

    /** Fills {@code scores} [L, L] with the attention probabilities of one (batch, head). */
    private void attendOneHead(float[] q, float[] k, float[] v, int base, int len, int[] mask, int maskOff,
                               RelativeIndex rel, int h, float[] pk, float[] pq, float[] scores,
                               float[] c2p, float[] p2c) {
        int a = allHeadSize;
        Gemm.matmul(false, true, len, len, headSize, q, base, a, k, base, a, scores, 0, len, false);
        if (rel == null) {
            for (int i = 0; i < len; i++) {
                int row = i * len;
                if (mask[maskOff + i] == 0) {
                    java.util.Arrays.fill(scores, row, row + len, 0f);
                } else {
                    VectorOps.scale(scores, row, len, invScale);
                    MaskedSoftmax.apply(scores, row, len, mask, maskOff);
                }
            }
            return;
        }
        int width = rel.width();
        int posOff = rel.lowest() * a + h * headSize;
        if (c2p != null) {
            Gemm.matmul(false, true, len, width, headSize, q, base, a, pk, posOff, a, c2p, 0, width, false);
        }
        if (p2c != null) {
            Gemm.matmul(false, true, len, width, headSize, k, base, a, pq, posOff, a, p2c, 0, width, false);
        }
        int[] index = rel.indexByOffset();
        int lowest = rel.lowest();
        for (int i = 0; i < len; i++) {
            int row = i * len;
            if (mask[maskOff + i] == 0) {
                java.util.Arrays.fill(scores, row, row + len, 0f);
                continue;
            }
            int diagonal = i + len - 1;   // index table offset of (i, j=0)
            for (int j = 0; j < len; j++) {
                float s = scores[row + j];
                int r = index[diagonal - j] - lowest;
                if (c2p != null) s += c2p[i * width + r];
                if (p2c != null) s += p2c[j * width + r];
                scores[row + j] = s * invScale;
            }
            MaskedSoftmax.apply(scores, row, len, mask, maskOff);
        }
    }
}
