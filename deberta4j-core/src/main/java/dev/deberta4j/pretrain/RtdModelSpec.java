package dev.deberta4j.pretrain;

import dev.deberta4j.config.DebertaConfig;

/**
 * The model a pre-training run trains as its options describe it (weights aside): on resuming, the checkpoint's
 * model must be this one, since the checkpoint's configs and RTD options are what the resumed run trains.
 *
 * @param discriminator the discriminator's config (its model_type is the architecture)
 * @param generator     the generator's config
 * @param options       λ and the EMD switch
 */
public record RtdModelSpec(DebertaConfig discriminator, DebertaConfig generator, RtdOptions options) {
    /** The spec of a run whose generator is given ({@code generatorOrNull}) or the default for the discriminator. */
    public static RtdModelSpec of(DebertaConfig discriminator, DebertaConfig generatorOrNull, RtdOptions options) {
        return new RtdModelSpec(discriminator,
                generatorOrNull != null ? generatorOrNull : RtdModel.defaultGenerator(discriminator), options);
    }
}
