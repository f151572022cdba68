package dev.deberta4j.tokenizer;

import java.text.Normalizer.Form;

/**
 * NFC / NFD / NFKC / NFKD with per-char alignment: every char is decomposed on its own (extra chars are
 * insertions), then for the composing forms adjacent starter + char pairs are recomposed (the composite consumes
 * both, aligned to the starter), like the alignment-tracking normalization Hugging Face uses.
 */
enum UnicodeNormalizer implements Normalizer {
    NFC(Form.NFD, true), NFD(Form.NFD, false), NFKC(Form.NFKD, true), NFKD(Form.NFKD, false);

    private final Form decomposition;
    private final boolean compose;

    UnicodeNormalizer(Form decomposition, boolean compose) {
        this.decomposition = decomposition;
        this.compose = compose;
    }

    @Override public void normalize(NormalizedText text) {
        int n = text.length();
        if (n == 0) return;
        int[] cps = text.rawChars();
        Transformations t = new Transformations(n + 8);
        boolean changed = false;
        for (int i = 0; i < n; i++) {
            int c = cps[i];
            if (c < 0x80) {
                t.add(c, 0);
                continue;
            }
            String single = new String(Character.toChars(c));
            String d = java.text.Normalizer.normalize(single, decomposition);
            if (d.equals(single)) {
                t.add(c, 0);
            } else {
                changed = true;
                t.replace(1, d);
            }
        }
        if (compose) changed |= recompose(t);
        if (changed) text.transform(t.chars.raw(), t.changes.raw(), t.size(), 0);
    }

    /** Composes adjacent pairs in place; returns whether anything composed. */
    private static boolean recompose(Transformations t) {
        IntBuffer chars = t.chars;
        IntBuffer changes = t.changes;
        int w = 0;
        boolean any = false;
        for (int r = 0; r < chars.size(); r++) {
            int c = chars.get(r);
            if (w > 0 && c >= 0x300) {
                int composite = composePair(chars.get(w - 1), c);
                if (composite >= 0) {
                    chars.set(w - 1, composite);
                    changes.set(w - 1, changes.get(w - 1) + changes.get(r) - 1);
                    any = true;
                    continue;
                }
            }
            chars.set(w, c);
            changes.set(w, changes.get(r));
            w++;
        }
        truncate(chars, w);
        truncate(changes, w);
        return any;
    }

    private static void truncate(IntBuffer b, int size) {
        while (b.size() > size) b.removeLast();
    }

    /** The primary composite of {@code a + b}, or -1. */
    private static int composePair(int a, int b) {
        if (a < 0x41) return -1;
        String pair = new StringBuilder().appendCodePoint(a).appendCodePoint(b).toString();
        String composed = java.text.Normalizer.normalize(pair, Form.NFC);
        return composed.codePointCount(0, composed.length()) == 1 ? composed.codePointAt(0) : -1;
    }
}
