package dev.deberta4j.model;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.tensor.Activations;
import dev.deberta4j.tensor.Tensor;

/**
 * DebertaV2ForMaskedLM's cls.predictions: dense (hidden -> embedding_size), hidden_act, LayerNorm, then the
 * decoder tied to the word embeddings plus cls.predictions.bias.
 */
final class MaskedLmHead implements Head {
    private final Linear transform;
    private final String activation;
    private final LayerNorm layerNorm;
    private final Linear decoder;

    MaskedLmHead(DebertaConfig c, WeightReader r, EmbeddingTable wordEmbeddings) {
        String p = "cls.predictions.";
        transform = Linear.head(r, p + "transform.dense", c.embeddingSize, c.hiddenSize);
        activation = c.hiddenAct;
        layerNorm = new LayerNorm(r.headLayerNormWeight(p + "transform.LayerNorm.weight", c.embeddingSize),
                r.head(p + "transform.LayerNorm.bias", c.embeddingSize), c.layerNormEps);
        float[] bias = r.head(p + "bias", c.vocabSize);
        r.accept(p + "decoder.weight");   // tied to the word embeddings; some checkpoints store the copy
        r.accept(p + "decoder.bias");     // the same parameter as cls.predictions.bias
        // The decoder is a GEMM weight: packed into panels from a transient heap copy of the tied table.
        decoder = new Linear(wordEmbeddings.toFloats(), bias, c.vocabSize, c.embeddingSize);
    }

    @Override
    public Output forward(float[] lastHidden, ModelInput in) {
        int rows = in.batch() * in.seqLen();
        float[] h = transform.forward(lastHidden, rows);
        Activations.apply(activation, h, 0, h.length);
        layerNorm.forwardInPlace(h, rows);
        return Output.logits(new Tensor(decoder.forward(h, rows), new int[]{in.batch(), in.seqLen(), decoder.out}));
    }
}
