package dev.deberta4j.model;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.kernels.Activation;
import dev.deberta4j.kernels.Activations;
import dev.deberta4j.tensor.Tensor;

/**
 * *ForMaskedLM's prediction head (DeBERTa's and BERT's cls.predictions, ELECTRA's generator_predictions +
 * generator_lm_head, RoBERTa's lm_head, DistilBERT's vocab_*): dense (hidden -> embedding_size), activation,
 * LayerNorm, then the decoder tied to the word embeddings plus its bias ({@link HeadLayout#maskedLm}).
 */
final class MaskedLmHead implements Head {
    private final Linear transform;
    private final Activation activation;
    private final LayerNorm layerNorm;
    private final Linear decoder;

    MaskedLmHead(DebertaConfig c, WeightReader r, EmbeddingTable wordEmbeddings) {
        HeadLayout.MaskedLm names = HeadLayout.maskedLm(c);
        transform = Linear.head(r, names.dense(), c.embeddingSize, c.hiddenSize);
        activation = names.activation();
        layerNorm = new LayerNorm(r.headLayerNormWeight(names.layerNorm() + ".weight", c.embeddingSize),
                r.head(names.layerNorm() + ".bias", c.embeddingSize), c.layerNormEps);
        float[] bias = r.head(names.bias(), c.vocabSize);
        r.accept(names.decoder() + ".weight");   // tied to the word embeddings; some checkpoints store the copy
        r.accept(names.decoder() + ".bias");     // the same parameter as the head's bias
        // The decoder is a GEMM weight: packed into panels from a transient heap copy of the tied table.
        decoder = new Linear(wordEmbeddings.toFloats(), bias, c.vocabSize, c.embeddingSize);
    }

    @Override
    public Output forward(float[] lastHidden, ModelInput in) {
        int rows = in.batch() * in.seqLen();
        float[] h = transform.forward(lastHidden, rows);
        Activations.apply(activation, h, 0, h.length);
        layerNorm.forwardInPlace(h, rows);
        return Output.logits(new Tensor(decoder.forward(h, rows),
                HeadMath.logitsShape(HeadType.MASKED_LM, in, decoder.out)));
    }
}
