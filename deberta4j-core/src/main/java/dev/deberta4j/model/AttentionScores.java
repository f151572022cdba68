package dev.deberta4j.model;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.kernels.Gemm;
import dev.deberta4j.kernels.Gemm.Operand;
import dev.deberta4j.kernels.VectorOps;

import java.util.Arrays;

/**
 * The attention-probability rows of one (sequence, head) of DeBERTa's disentangled self-attention, the one
 * implementation that inference ({@link DisentangledSelfAttention}) and training
 * ({@code train.TrainableDisentangledSelfAttention}) both run:
 * P(i, ·) = XSoftmax((q_i·k_j + [c2p] q_i·pk[r(i,j)] + [p2c] k_j·pq[r(i,j)]) / scale), with r(i, j) read from a
 * {@link RelativeIndex} table, masked keys exactly 0 and, for DeBERTa, padded queries all 0. How the relative
 * products c2p and p2c are computed stays with each path (inference: against projections packed at load, in tiles;
 * training: projected every pass); this class adds them in, scales and normalises. It also holds the backward
 * pass of these rows, which only training runs. Internal: public only because {@code train} is another package.
 */
public final class AttentionScores {
    private final int headSize;
    private final float invScale;
    /** DeBERTa's XSoftmax gives padded queries all-zero rows; the BERT family's softmax attends from them too. */
    private final boolean zeroPaddedQueries;

    public AttentionScores(DebertaConfig c) {
        headSize = c.attentionHeadSize;
        invScale = (float) (1.0 / c.attentionScale());
        zeroPaddedQueries = c.family.zeroesPaddedPositions();
    }

    /**
     * Content scores scores[sOff + i·L + j] = q_i·k_j of {@code count} query rows from qOff against L keys from kOff,
     * rows of q and k {@code ld} apart (one head's columns of [rows, allHead], or of the stacked [rows, 3·stride]).
     */
    public void content(float[] q, int qOff, float[] k, int kOff, int ld, int count, int len, float[] scores,
                        int sOff) {
        Gemm.matmul(count, len, headSize, new Operand(q, qOff, ld), Operand.transposeOf(k, kOff, ld),
                new Operand(scores, sOff, len), false);
    }

    /** Without relative attention: query rows [i0, i0 + count) of content scores at sOff become probabilities. */
    public void probabilities(float[] scores, int sOff, int count, int len, int i0, int[] mask, int maskOff) {
        boolean keepsAll = MaskedSoftmax.keepsAll(mask, maskOff, len);   // one mask for all rows of this sequence
        for (int i = 0; i < count; i++) {
            int row = sOff + i * len;
            if (attendsNothing(mask, maskOff + i0 + i)) {
                Arrays.fill(scores, row, row + len, 0f);
            } else {
                VectorOps.scale(scores, row, len, invScale);
                softmax(scores, row, len, mask, maskOff, keepsAll);
            }
        }
    }

    /**
     * With relative attention: adds the relative terms to keys [j0, j0 + keys) of query rows [i0, i0 + count) of
     * content scores at sOff and scales them; the block that ends the rows (j0 + keys = L) then turns them into
     * probabilities. With r = index[i - j + L - 1], c2p(i, r) is c2p[c2pOff + (i - i0)·c2pStride + r] and
     * p2c(j, r) is p2c[p2cOff + (j - j0)·p2cStride + r]; either array may be null (the term is off).
     */
    public void relativeProbabilities(float[] scores, int sOff, int count, int len, int i0, int j0, int keys,
                                      int[] mask, int maskOff, int[] index, float[] c2p, int c2pOff, int c2pStride,
                                      float[] p2c, int p2cOff, int p2cStride) {
        boolean lastBlock = j0 + keys == len;
        boolean keepsAll = lastBlock && MaskedSoftmax.keepsAll(mask, maskOff, len);
        for (int i = 0; i < count; i++) {
            int row = sOff + i * len;
            if (attendsNothing(mask, maskOff + i0 + i)) {
                if (lastBlock) Arrays.fill(scores, row, row + len, 0f);
                continue;
            }
            int diagonal = i0 + i + len - 1;   // index table offset of (i, j = 0)
            int c2pRow = c2pOff + i * c2pStride;
            for (int j = j0; j < j0 + keys; j++) {
                float s = scores[row + j];
                int r = index[diagonal - j];
                if (c2p != null) s += c2p[c2pRow + r];
                if (p2c != null) s += p2c[p2cOff + (j - j0) * p2cStride + r];
                scores[row + j] = s * invScale;
            }
            if (lastBlock) softmax(scores, row, len, mask, maskOff, keepsAll);
        }
    }

    /**
     * Backward of {@link #probabilities} / {@link #relativeProbabilities} for one (sequence, head), in place:
     * g[gOff..] = dL/dP [L, L] becomes dL/d(unscaled score sum) = P (g − Σ_j g P) / scale, from the saved
     * probabilities at pOff (masked keys and padded query rows have P = 0, hence gradient 0).
     */
    public void softmaxBackward(float[] g, int gOff, float[] probs, int pOff, int len, int[] mask, int maskOff) {
        for (int i = 0; i < len; i++) {
            int row = i * len;
            if (attendsNothing(mask, maskOff + i)) {
                Arrays.fill(g, gOff + row, gOff + row + len, 0f);
                continue;
            }
            double dot = 0;
            for (int j = 0; j < len; j++) dot += (double) g[gOff + row + j] * probs[pOff + row + j];
            float d = (float) dot;
            for (int j = 0; j < len; j++) {
                g[gOff + row + j] = probs[pOff + row + j] * (g[gOff + row + j] - d) * invScale;
            }
        }
    }

    /**
     * The adjoint of the relative gather for one sequence: gc(i, r) = Σ_j g(i, j) and gp(j, r) = Σ_i g(i, j) over
     * the pairs with windowRow[i - j + L - 1] = r, into [L, width] blocks of gc and gp (either may be null) at off.
     */
    public static void foldByRelativeRow(float[] g, int len, int[] windowRow, int width, float[] gc, float[] gp,
                                         int off) {
        if (gc != null) Arrays.fill(gc, off, off + len * width, 0f);
        if (gp != null) Arrays.fill(gp, off, off + len * width, 0f);
        for (int i = 0; i < len; i++) {
            int diagonal = i + len - 1;
            int gRow = i * len;
            int cRow = off + i * width;
            for (int j = 0; j < len; j++) {
                float x = g[gRow + j];
                int r = windowRow[diagonal - j];
                if (gc != null) gc[cRow + r] += x;
                if (gp != null) gp[off + j * width + r] += x;
            }
        }
    }

    private boolean attendsNothing(int[] mask, int query) {
        return zeroPaddedQueries && mask[query] == 0;
    }

    private static void softmax(float[] scores, int row, int len, int[] mask, int maskOff, boolean keepsAll) {
        if (keepsAll) {
            MaskedSoftmax.applyUnmasked(scores, row, len);
        } else {
            MaskedSoftmax.apply(scores, row, len, mask, maskOff);
        }
    }
}
