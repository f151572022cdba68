package dev.deberta4j.train;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.kernels.Activation;
import dev.deberta4j.kernels.Activations;
import dev.deberta4j.model.HeadLayout;
import dev.deberta4j.model.HeadMath;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.ModelInput;

/**
 * DebertaV2ForMaskedLM's cls.predictions: dense → hidden_act → LayerNorm → decoder. The decoder weight IS the
 * word-embedding parameter (tied), so its gradient adds to the input-embedding gradient; its bias is
 * cls.predictions.bias. {@link #forwardRows} runs the head on selected rows only (the masked positions of
 * pre-training): the same logits there for a fraction of the vocabulary-projection FLOPs.
 */
public final class TrainableMaskedLmHead implements TrainableHead {
    private final TrainableLinear transform;
    private final Activation activation;
    private final TrainableLayerNorm layerNorm;
    private final TrainableLinear decoder;

    private int rows;
    private int hiddenRows;      // rows of the encoder output the head was given
    private int[] selected;      // null: every row
    private float[] lastHidden;  // the rows the head ran on
    private float[] preActivation;
    private TrainableLayerNorm.Normalized normalized;

    public TrainableMaskedLmHead(DebertaConfig c, ParameterSet p, Parameter wordEmbeddings) {
        HeadLayout.MaskedLm names = HeadLayout.maskedLm(c);
        transform = p.headDense(names.dense());
        activation = names.activation();
        layerNorm = p.headLayerNorm(names.layerNorm(), c.layerNormEps);
        decoder = new TrainableLinear(wordEmbeddings, p.get(names.bias()));
    }

    @Override
    public float[] forward(float[] hidden, ModelInput in, DropoutStream stream) {
        int all = in.batch() * in.seqLen();
        selected = null;
        hiddenRows = all;
        return run(hidden, all);
    }

    /**
     * The logits [selectedRows.length, vocab] of the given rows of the encoder output [hiddenRows, hidden];
     * {@link #backward} then returns the gradient of the whole encoder output (zero at the other rows).
     */
    public float[] forwardRows(float[] hidden, int hiddenRows, int[] selectedRows) {
        int width = transform.in;
        float[] gathered = new float[selectedRows.length * width];
        for (int r = 0; r < selectedRows.length; r++) {
            System.arraycopy(hidden, selectedRows[r] * width, gathered, r * width, width);
        }
        this.selected = selectedRows.clone();
        this.hiddenRows = hiddenRows;
        return run(gathered, selectedRows.length);
    }

    private float[] run(float[] hidden, int m) {
        rows = m;
        lastHidden = hidden;
        preActivation = transform.forward(hidden, rows);
        float[] h = preActivation.clone();
        Activations.apply(activation, h, 0, h.length);
        normalized = layerNorm.forward(h, rows);
        return decoder.forward(normalized.y(), rows);
    }

    @Override
    public int[] logitsShape(ModelInput in) {
        return HeadMath.logitsShape(HeadType.MASKED_LM, in, decoder.out);
    }

    public int vocabSize() {
        return decoder.out;
    }

    @Override
    public float[] backward(float[] dLogits) {
        float[] dh = decoder.backward(normalized.y(), dLogits, rows);
        float[] dActivated = layerNorm.backward(normalized, dh);
        Activations.backward(activation, preActivation, 0, dActivated, 0, dActivated.length);
        float[] dHidden = transform.backward(lastHidden, dActivated, rows);
        if (selected == null) return dHidden;
        int width = transform.in;
        float[] scattered = new float[hiddenRows * width];
        for (int r = 0; r < selected.length; r++) {
            System.arraycopy(dHidden, r * width, scattered, selected[r] * width, width);
        }
        return scattered;
    }
}
