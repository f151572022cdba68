package dev.deberta4j.model;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.kernels.Activation;

/**
 * Where each family keeps its head weights, exactly as transformers names them. Every family's sequence
 * classification (and multiple choice) head is first token → dense → activation → linear, and every masked-LM head
 * dense → activation → LayerNorm → decoder tied to the word embeddings; only the names and activations differ
 * (activations resolved from the config's names here, once, when a head is built).
 * Shared by inference, training and {@link ParameterLayout}.
 */
public final class HeadLayout {
    private HeadLayout() {
    }

    /**
     * First token → {@code dense} → activation → {@code out}. {@code dense} may be the backbone's pooler
     * ({@code bert.pooler.dense}).
     */
    public record Pooled(String dense, String out, Activation activation) {
    }

    /** dense → activation → LayerNorm → decoder (weight tied to the word embeddings) + bias. */
    public record MaskedLm(String dense, String layerNorm, String bias, String decoder, Activation activation) {
    }

    /** ELECTRA's discriminator: dense → hidden_act → dense_prediction (one logit per token). */
    public record Discriminator(String dense, String prediction, Activation activation) {
    }

    /** The sequence classification (or, with {@code multipleChoice}, multiple choice) head of a family. */
    public static Pooled pooled(DebertaConfig c, boolean multipleChoice) {
        Activation act = Activation.forName(c.poolerHiddenAct);
        return switch (c.family) {
            case DEBERTA_V2 -> new Pooled("pooler.dense", "classifier", act);
            case BERT -> new Pooled("bert.pooler.dense", "classifier", act);
            case ROBERTA, XLM_ROBERTA -> multipleChoice ? new Pooled("roberta.pooler.dense", "classifier", act)
                    : new Pooled("classifier.dense", "classifier.out_proj", act);
            // ElectraForMultipleChoice: SequenceSummary (first token, summary linear, gelu) then a classifier.
            case ELECTRA -> multipleChoice ? new Pooled("sequence_summary.summary", "classifier", Activation.GELU)
                    : new Pooled("classifier.dense", "classifier.out_proj", act);
            case DISTILBERT -> new Pooled("pre_classifier", "classifier", act);
        };
    }

    public static MaskedLm maskedLm(DebertaConfig c) {
        return switch (c.family) {
            case DEBERTA_V2, BERT -> new MaskedLm("cls.predictions.transform.dense",
                    "cls.predictions.transform.LayerNorm", "cls.predictions.bias", "cls.predictions.decoder",
                    Activation.forName(c.hiddenAct));
            case ELECTRA -> new MaskedLm("generator_predictions.dense", "generator_predictions.LayerNorm",
                    "generator_lm_head.bias", "generator_lm_head", Activation.GELU);
            case ROBERTA, XLM_ROBERTA -> new MaskedLm("lm_head.dense", "lm_head.layer_norm", "lm_head.bias",
                    "lm_head.decoder", Activation.GELU);
            case DISTILBERT -> new MaskedLm("vocab_transform", "vocab_layer_norm", "vocab_projector.bias",
                    "vocab_projector", Activation.forName(c.hiddenAct));
        };
    }

    /** Refuses a head the family does not have in transformers (ForPreTraining outside ELECTRA). */
    static void requireHead(DebertaConfig c, HeadType head) {
        if (!head.existsIn(c.family)) {
            throw new ModelLoadException(head.architecture(c.family) + " does not exist in transformers: "
                    + "replaced-token detection is ELECTRA's (ElectraForPreTraining)");
        }
    }

    /**
     * ELECTRA's discriminator head (ElectraForPreTraining); its names and activation are also those of the
     * discriminator head of deberta4j's replaced-token-detection pre-training in any family ({@code pretrain}).
     */
    public static Discriminator discriminator(DebertaConfig c) {
        requireHead(c, HeadType.REPLACED_TOKEN_DETECTION);
        return discriminatorOfAnyFamily(c);
    }

    /** {@link #discriminator} without the family check: the pre-training discriminator of any family. */
    public static Discriminator discriminatorOfAnyFamily(DebertaConfig c) {
        return new Discriminator("discriminator_predictions.dense", "discriminator_predictions.dense_prediction",
                Activation.forName(c.hiddenAct));
    }
}
