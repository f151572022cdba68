package dev.deberta4j.tokenizer;

/** Replaces every match of a literal or regex pattern by fixed content. */
record ReplaceNormalizer(TextPattern pattern, String content) implements Normalizer {
    @Override public void normalize(NormalizedText text) {
        IntBuffer starts = new IntBuffer();
        IntBuffer ends = new IntBuffer();
        pattern.findAll(text, starts, ends);
        text.replaceMatches(starts.raw(), ends.raw(), starts.size(), content.codePoints().toArray());
    }
}
