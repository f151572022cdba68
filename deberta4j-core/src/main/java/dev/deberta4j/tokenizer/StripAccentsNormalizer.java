package dev.deberta4j.tokenizer;

/** Removes combining marks (general category M*); pair it with NFD/NFKD to strip accents. */
record StripAccentsNormalizer() implements Normalizer {
    @Override public void normalize(NormalizedText text) {
        text.filter(c -> switch (Character.getType(c)) {
            case Character.NON_SPACING_MARK, Character.COMBINING_SPACING_MARK, Character.ENCLOSING_MARK -> false;
            default -> true;
        });
    }
}
