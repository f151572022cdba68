package dev.deberta4j.model;

/**
 * How to load a checkpoint.
 *
 * @param head         the model class to build; null means the config's first architecture
 * @param freshHead    initialise head weights the checkpoint lacks (normal(0, initializer_range), zero bias)
 *                     instead of failing, e.g. to fine-tune a backbone-only checkpoint
 * @param freshHeadSeed seed of that initialisation
 */
public record LoadOptions(HeadType head, boolean freshHead, long freshHeadSeed) {
    public static LoadOptions defaults() {
        return new LoadOptions(null, false, 0);
    }

    public static LoadOptions head(HeadType head) {
        return new LoadOptions(head, false, 0);
    }

    public LoadOptions withFreshHead(long seed) {
        return new LoadOptions(head, true, seed);
    }
}
