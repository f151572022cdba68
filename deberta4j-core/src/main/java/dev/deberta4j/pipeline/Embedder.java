package dev.deberta4j.pipeline;

import dev.deberta4j.model.HeadType;

import java.nio.file.Path;
import java.util.List;

/**
 * Sentence embeddings from the encoder's last hidden state: CLS or mean pooling over the attention mask, optionally
 * L2-normalised (as sentence-transformers' Pooling and Normalize modules compute them). Thread-safe.
 *
 * <pre>{@code
 * var embedder = Embedder.load(Path.of("model"), Pooling.MEAN, true);
 * float[][] vectors = embedder.embed(List.of("첫 문장", "두 번째 문장"));
 * }</pre>
 */
public final class Embedder {
    private final PipelineModel model;
    private final PipelineOptions options;
    private final Pooling pooling;
    private final boolean normalize;

    /** Any head works (only the backbone runs when the model is loaded as {@link HeadType#BASE}). */
    public Embedder(PipelineModel model, PipelineOptions options, Pooling pooling, boolean normalize) {
        this.model = model;
        this.options = options;
        this.pooling = pooling;
        this.normalize = normalize;
    }

    /** Loads the backbone only (a task head in the checkpoint is left unused). */
    public static Embedder load(Path dir, Pooling pooling, boolean normalize) {
        return new Embedder(PipelineModel.load(dir, HeadType.BASE), PipelineOptions.defaults(), pooling, normalize);
    }

    public int dimension() {
        return model.model().config().hiddenSize;
    }

    public float[] embed(String text) {
        return embed(List.of(text))[0];
    }

    /** One row of {@link #dimension()} floats per text, in input order. */
    public float[][] embed(List<String> texts) {
        var encodings = model.encode(texts, null, options.truncate());
        return MicroBatches.run(model, encodings, options, this::pool).toArray(float[][]::new);
    }

    private float[] pool(BatchRow row) {
        float[] v;
        if (pooling == Pooling.CLS) {
            v = row.hiddenState(0);
        } else {
            int[] mask = row.encoding().attentionMask();
            double[] sum = new double[dimension()];
            int count = 0;
            for (int t = 0; t < mask.length; t++) {
                if (mask[t] == 0) continue;
                float[] h = row.hiddenState(t);
                for (int d = 0; d < sum.length; d++) sum[d] += h[d];
                count++;
            }
            v = new float[sum.length];
            for (int d = 0; d < v.length; d++) v[d] = (float) (sum[d] / Math.max(count, 1));
        }
        return normalize ? l2Normalised(v) : v;
    }

    /** x / max(||x||, 1e-12), as torch.nn.functional.normalize. */
    private static float[] l2Normalised(float[] v) {
        double sq = 0;
        for (float x : v) sq += (double) x * x;
        double norm = Math.max(Math.sqrt(sq), 1e-12);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (float) (v[i] / norm);
        return out;
    }
}
