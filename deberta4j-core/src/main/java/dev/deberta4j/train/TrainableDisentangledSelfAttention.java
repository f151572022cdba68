package dev.deberta4j.train;

import dev.deberta4j.concurrent.ThreadPool;
import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.kernels.Gemm;
import dev.deberta4j.kernels.Gemm.Operand;
import dev.deberta4j.kernels.VectorOps;
import dev.deberta4j.model.AttentionScores;
import dev.deberta4j.model.ModelInput;
import dev.deberta4j.model.RelativeIndex;

import java.util.Arrays;

/**
 * DeBERTa's disentangled self-attention for training, forward and backward:
 * S(i, j) = (q_i·k_j + [c2p] q_i·pk[r(i,j)] + [p2c] k_j·pq[r(i,j)]) / scale, P = XSoftmax(S), context = dropout(P) V.
 * Unlike inference, pk = key_proj(dropout(rel)) and pq = query_proj(dropout(rel)) are recomputed every pass,
 * because the projections and the relative embeddings are being trained. Only the window of relative rows that
 * sequences of this length reach is projected (rows outside it receive no gradient, as in transformers).
 *
 * <p>The backward pass of the relative terms folds the gradient of the scores by relative row:
 * Gc(i, r) = Σ_{j : r(i,j) = r} G(i, j), so dq += Gc·pk and dpk += Gcᵀ·q (and likewise for p2c with keys).
 * The relative products (q·pkᵀ and k·pqᵀ forward, Gc·pk and Gcᵀ·q backward) run as one GEMM per head over the
 * whole batch rather than one per sequence: the same sums, in larger and fewer products.
 */
final class TrainableDisentangledSelfAttention {
    private final int heads;
    private final int headSize;
    private final int allHeadSize;
    private final double probsDropout;
    private final double posDropout;
    private final int siteBase;
    private final AttentionScores scoreRows;   // the score rows' math, shared with inference
    private final TrainableLinear query;
    private final TrainableLinear key;
    private final TrainableLinear value;
    private final TrainableLinear posKeyProj;     // projects the relative embeddings for c2p, or null
    private final TrainableLinear posQueryProj;   // for p2c, or null

    // Saved by forward for backward.
    private ModelInput input;
    private RelativeIndex rel;
    private float[] hidden;       // keys and values come from here
    private float[] queryInput;   // queries: the same array, or the Enhanced Mask Decoder's query states
    private float[] queryGradient;
    private float[] q;
    private float[] k;
    private float[] v;
    private float[] probs;        // XSoftmax output before dropout [batch, heads, L, L]
    private float[] probsMask;    // dropout mask over probs, or null
    private float[] relWindow;    // dropout(rel_embeddings) rows [lowest, lowest + width), [width, hidden]
    private float[] relMask;
    private float[] posKey;       // [width, allHead] or null
    private float[] posQuery;

    TrainableDisentangledSelfAttention(DebertaConfig c, ParameterSet p, String prefix, int dropoutIndex) {
        heads = c.numAttentionHeads;
        headSize = c.attentionHeadSize;
        allHeadSize = c.allHeadSize();
        probsDropout = c.attentionProbsDropoutProb;
        posDropout = c.hiddenDropoutProb;
        siteBase = dropoutIndex * DropoutStream.SITES_PER_LAYER;
        scoreRows = new AttentionScores(c);
        query = p.backboneDense(prefix + "query_proj", true);
        key = p.backboneDense(prefix + "key_proj", true);
        value = p.backboneDense(prefix + "value_proj", true);
        if (c.relativeAttention) {
            posKeyProj = !c.c2p() ? null : c.shareAttKey ? key : p.backboneDense(prefix + "pos_key_proj", true);
            posQueryProj = !c.p2c() ? null : c.shareAttKey ? query : p.backboneDense(prefix + "pos_query_proj", true);
        } else {
            posKeyProj = null;
            posQueryProj = null;
        }
    }

    /**
     * @param relEmbeddings the (LayerNorm-ed) relative embeddings [2·span, hidden], or null without relative attention
     * @return the context [batch·L, allHead]
     */
    float[] forward(float[] hiddenIn, ModelInput in, RelativeIndex relIndex, float[] relEmbeddings,
                    DropoutStream stream) {
        return forward(hiddenIn, hiddenIn, in, relIndex, relEmbeddings, stream);
    }

    /**
     * Attention whose queries are projected from {@code queryIn} and keys and values from {@code hiddenIn}
     * (microsoft/DeBERTa's query_states; the same array for ordinary self-attention). The relative terms are
     * unchanged: c2p reads the queries, p2c the keys.
     */
    float[] forward(float[] queryIn, float[] hiddenIn, ModelInput in, RelativeIndex relIndex, float[] relEmbeddings,
                    DropoutStream stream) {
        input = in;
        hidden = hiddenIn;
        queryInput = queryIn;
        rel = relEmbeddings == null ? null : relIndex;
        int batch = in.batch();
        int len = in.seqLen();
        int rows = batch * len;
        q = query.forward(queryIn, rows);
        k = key.forward(hiddenIn, rows);
        v = value.forward(hiddenIn, rows);
        if (rel != null) {
            int hiddenSize = query.in;
            relWindow = Arrays.copyOfRange(relEmbeddings, rel.lowest() * hiddenSize,
                    (rel.lowest() + rel.width()) * hiddenSize);
            relMask = Dropout.drop(posDropout, relWindow, stream, siteBase + 1);
            posKey = posKeyProj == null ? null : posKeyProj.forward(relWindow, rel.width());
            posQuery = posQueryProj == null ? null : posQueryProj.forward(relWindow, rel.width());
        }
        probs = new float[batch * heads * len * len];
        probsMask = Dropout.mask(probsDropout, probs.length, stream, siteBase);
        int width = rel == null ? 0 : rel.width();
        float[] c2p = posKey == null ? null : relativeScores(q, posKey, rows, width);
        float[] p2c = posQuery == null ? null : relativeScores(k, posQuery, rows, width);
        float[] context = new float[rows * allHeadSize];
        ThreadPool.shared().parallelFor(batch * heads, (start, end) -> {
            float[] dropped = probsMask != null ? new float[len * len] : null;
            for (int bh = start; bh < end; bh++) {
                int b = bh / heads;
                int h = bh % heads;
                int base = b * len * allHeadSize + h * headSize;
                int pOff = bh * len * len;
                int relOff = (h * rows + b * len) * width;   // this sequence's rows of the head's relative scores
                scores(base, b * len, len, pOff, c2p, p2c, relOff, width);
                float[] p = probs;
                int off = pOff;
                if (dropped != null) {
                    System.arraycopy(probs, pOff, dropped, 0, len * len);
                    VectorOps.multiply(probsMask, pOff, dropped, 0, len * len);
                    p = dropped;
                    off = 0;
                }
                Gemm.matmul(len, headSize, len, new Operand(p, off, len), new Operand(v, base, allHeadSize),
                        new Operand(context, base, allHeadSize), false);
            }
        });
        return context;
    }

    /**
     * x·posᵀ per head over all rows of the batch: [heads, rows, width], head h at h·rows·width (c2p from the
     * queries and pk, p2c from the keys and pq).
     */
    private float[] relativeScores(float[] x, float[] pos, int rows, int width) {
        float[] out = new float[heads * rows * width];
        for (int h = 0; h < heads; h++) {
            Gemm.matmulParallel(rows, width, headSize, new Operand(x, h * headSize, allHeadSize),
                    Operand.transposeOf(pos, h * headSize, allHeadSize), new Operand(out, h * rows * width, width),
                    false);
        }
        return out;
    }

    /**
     * Fills probs[pOff, pOff + L·L) with the attention probabilities of one (batch, head) ({@link AttentionScores});
     * c2p and p2c (or null) hold its relative scores from relOff, [L, width] each.
     */
    private void scores(int base, int maskOff, int len, int pOff, float[] c2p, float[] p2c, int relOff, int width) {
        scoreRows.content(q, base, k, base, allHeadSize, len, len, probs, pOff);
        int[] mask = input.attentionMask();
        if (rel == null) {
            scoreRows.probabilities(probs, pOff, len, len, 0, mask, maskOff);
        } else {
            scoreRows.relativeProbabilities(probs, pOff, len, len, 0, 0, len, mask, maskOff, rel.windowRowByOffset(),
                    c2p, relOff, width, p2c, relOff, width);
        }
    }

    /**
     * @param dContext gradient of the context [batch·L, allHead]
     * @param dRelEmbeddings receives (+=) the gradient of the relative embeddings [2·span, hidden], or null
     * @return the gradient of the layer input [batch·L, hidden] (of the keys' and values' input when the queries
     *         had their own, whose gradient {@link #queryGradient()} then gives)
     */
    float[] backward(float[] dContext, float[] dRelEmbeddings) {
        int batch = input.batch();
        int len = input.seqLen();
        int rows = batch * len;
        int a = allHeadSize;
        int width = rel == null ? 0 : rel.width();
        float[] dq = new float[rows * a];
        float[] dk = new float[rows * a];
        float[] dv = new float[rows * a];
        float[] dPosKey = posKey != null ? new float[width * a] : null;
        float[] dPosQuery = posQuery != null ? new float[width * a] : null;
        int[] mask = input.attentionMask();
        // One head per task: the relative-embedding gradients of different heads are disjoint columns.
        ThreadPool.shared().parallelFor(heads, (h0, h1) -> {
            float[] p = new float[len * len];
            float[] g = new float[len * len];
            // The scores' gradient folded by relative row, for every sequence of the batch: [rows, width].
            float[] gc = dPosKey != null ? new float[rows * width] : null;
            float[] gp = dPosQuery != null ? new float[rows * width] : null;
            for (int h = h0; h < h1; h++) {
                int col = h * headSize;
                for (int b = 0; b < batch; b++) {
                    int base = b * len * a + col;
                    int pOff = (b * heads + h) * len * len;
                    System.arraycopy(probs, pOff, p, 0, len * len);
                    if (probsMask != null) VectorOps.multiply(probsMask, pOff, p, 0, len * len);
                    // context = dropout(P) V
                    Gemm.matmul(len, len, headSize, new Operand(dContext, base, a), Operand.transposeOf(v, base, a),
                            new Operand(g, 0, len), false);
                    Gemm.matmul(len, headSize, len, Operand.transposeOf(p, 0, len), new Operand(dContext, base, a),
                            new Operand(dv, base, a), false);
                    if (probsMask != null) VectorOps.multiply(probsMask, pOff, g, 0, len * len);
                    scoreRows.softmaxBackward(g, 0, probs, pOff, len, mask, b * len);
                    Gemm.matmul(len, headSize, len, new Operand(g, 0, len), new Operand(k, base, a),
                            new Operand(dq, base, a), false);
                    Gemm.matmul(len, headSize, len, Operand.transposeOf(g, 0, len), new Operand(q, base, a),
                            new Operand(dk, base, a), false);
                    if (gc != null || gp != null) {
                        AttentionScores.foldByRelativeRow(g, len, rel.windowRowByOffset(), width, gc, gp,
                                b * len * width);
                    }
                }
                if (gc != null) {
                    Gemm.matmul(rows, headSize, width, new Operand(gc, 0, width), new Operand(posKey, col, a),
                            new Operand(dq, col, a), true);
                    Gemm.matmul(width, headSize, rows, Operand.transposeOf(gc, 0, width), new Operand(q, col, a),
                            new Operand(dPosKey, col, a), true);
                }
                if (gp != null) {
                    Gemm.matmul(rows, headSize, width, new Operand(gp, 0, width), new Operand(posQuery, col, a),
                            new Operand(dk, col, a), true);
                    Gemm.matmul(width, headSize, rows, Operand.transposeOf(gp, 0, width), new Operand(k, col, a),
                            new Operand(dPosQuery, col, a), true);
                }
            }
        });
        float[] dHidden;
        if (queryInput == hidden) {
            dHidden = query.backward(hidden, dq, rows);
            add(key.backward(hidden, dk, rows), dHidden);
            queryGradient = null;
        } else {
            queryGradient = query.backward(queryInput, dq, rows);
            dHidden = key.backward(hidden, dk, rows);
        }
        add(value.backward(hidden, dv, rows), dHidden);
        if (rel != null) {
            float[] dWindow = new float[relWindow.length];
            if (dPosKey != null) add(posKeyProj.backward(relWindow, dPosKey, width), dWindow);
            if (dPosQuery != null) add(posQueryProj.backward(relWindow, dPosQuery, width), dWindow);
            Dropout.apply(relMask, dWindow);
            VectorOps.add(dWindow, 0, dRelEmbeddings, rel.lowest() * query.in, dWindow.length);
        }
        return dHidden;
    }

    /** The gradient of the separate query input of the last backward pass, or null if there was none. */
    float[] queryGradient() {
        return queryGradient;
    }

    private static void add(float[] src, float[] dst) {
        VectorOps.add(src, 0, dst, 0, dst.length);
    }
}
