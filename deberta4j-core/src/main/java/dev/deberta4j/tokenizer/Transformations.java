package dev.deberta4j.tokenizer;

/**
 * A list of (char, change) pairs fed to {@link NormalizedText#transform}; {@link #replace} encodes one
 * old-chars-to-new-chars substitution the way HF normalizers do.
 */
final class Transformations {
    final IntBuffer chars;
    final IntBuffer changes;

    Transformations(int capacity) {
        chars = new IntBuffer(capacity);
        changes = new IntBuffer(capacity);
    }

    void add(int c, int change) {
        chars.add(c);
        changes.add(change);
    }

    int size() { return chars.size(); }

    /**
     * Substitutes {@code oldCount} chars by {@code replacement}: extra new chars are insertions (+1); fewer new
     * chars are charged to the last entry so far, even if that entry belongs to an earlier substitution.
     */
    void replace(int oldCount, String replacement) {
        int newCount = 0;
        for (int off = 0; off < replacement.length(); ) {
            int c = replacement.codePointAt(off);
            add(c, 0);
            off += Character.charCount(c);
            newCount++;
        }
        int diff = newCount - oldCount;
        if (diff > 0) {
            for (int k = 0; k < diff; k++) changes.set(size() - 1 - k, 1);
        } else if (diff < 0 && size() > 0) {
            changes.set(size() - 1, changes.get(size() - 1) + diff);
        }
    }
}
