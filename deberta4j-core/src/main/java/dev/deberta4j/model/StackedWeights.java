package dev.deberta4j.model;

import dev.deberta4j.kernels.Gemm;
import dev.deberta4j.kernels.LinearWeights;
import dev.deberta4j.kernels.PanelWeights;

import java.util.List;

/**
 * nn.Linear weights of one input stacked into one [parts·stride, in] weight, so that one product computes them all
 * (an attention layer's query, key and value projections: the activations are packed once and the threads handed
 * the work once, instead of three times). Part i's outputs are columns [i·stride, i·stride + out) of the product,
 * stride = out rounded up to whole GEMM panels (the padding columns are 0); each output is the same dot product, in
 * the same order, as the part's own product gives. The parts are views of the stacked weight, which is their only
 * copy: float32 parts are one packed matrix ({@link WeightReader#backboneStack}), compact parts (float16,
 * bfloat16, int8, int4) stay as stored and each widens the panels that fall in its columns ({@link #ofPanels}).
 */
record StackedWeights(LinearWeights whole, List<LinearWeights> parts, int stride) {
    /** Columns one part takes in the stacked product: out rounded up to whole panels. */
    static int stride(int out) {
        int nr = Gemm.panelWidth();
        return (out + nr - 1) / nr * nr;
    }

    /** Stacks compact weights of one shape [out, in], each of which widens its own panels. */
    static StackedWeights ofPanels(List<LinearWeights> parts) {
        LinearWeights first = parts.getFirst();
        int stride = stride(first.rows());
        for (LinearWeights p : parts) {
            if (!(p instanceof PanelWeights) || p.rows() != first.rows() || p.cols() != first.cols()) {
                throw new IllegalArgumentException("stacked weights must widen their own panels and share one shape");
            }
        }
        return new StackedWeights(new Panels(List.copyOf(parts), stride, first.cols()), parts, stride);
    }

    /** The stacked compact weights: panel p is panel p mod (stride / NR) of part p / (stride / NR). */
    private record Panels(List<LinearWeights> parts, int stride, int cols) implements LinearWeights, PanelWeights {
        @Override public int rows() { return parts.size() * stride; }

        @Override
        public void widenPanel(int panel, int k0, int kc, float[] dst, int dstOff) {
            int perPart = stride / Gemm.panelWidth();
            ((PanelWeights) parts.get(panel / perPart)).widenPanel(panel % perPart, k0, kc, dst, dstOff);
        }

        @Override
        public void linear(float[] x, int m, float[] bias, float[] y) {
            Gemm.linear(x, m, (PanelWeights) this, bias, y);
        }

        @Override
        public long bytes() {
            return parts.stream().mapToLong(LinearWeights::bytes).sum();
        }
    }
}
