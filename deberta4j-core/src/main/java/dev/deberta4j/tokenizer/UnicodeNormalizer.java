package dev.deberta4j.tokenizer;

import java.text.Normalizer.Form;

/** NFC / NFD / NFKC / NFKD, applied per run of a starter and its following combining chars. */
enum UnicodeNormalizer implements Normalizer {
    NFC(Form.NFC), NFD(Form.NFD), NFKC(Form.NFKC), NFKD(Form.NFKD);

    private final Form form;

    UnicodeNormalizer(Form form) { this.form = form; }

    @Override public void normalize(NormalizedText text) {
        int n = text.length();
        if (n == 0) return;
        int[] cps = text.rawChars();
        Transformations t = new Transformations(n + 8);
        boolean changed = false;
        int start = 0;
        while (start < n) {
            int end = start + 1;
            while (end < n && !isStarter(cps[end])) end++;
            String chunk = new String(cps, start, end - start);
            String norm = java.text.Normalizer.normalize(chunk, form);
            if (norm.equals(chunk)) {
                for (int i = start; i < end; i++) t.add(cps[i], 0);
            } else {
                changed = true;
                t.replace(end - start, norm);
            }
            start = end;
        }
        if (changed) text.transform(t.chars.raw(), t.changes.raw(), t.size(), 0);
    }

    /** Approximates canonical combining class 0 and "does not compose with what precedes it". */
    private static boolean isStarter(int c) {
        if ((c >= 0x1160 && c <= 0x11FF) || (c >= 0xD7B0 && c <= 0xD7FF)) return false; // Hangul V/T jamo
        return switch (Character.getType(c)) {
            case Character.NON_SPACING_MARK, Character.COMBINING_SPACING_MARK, Character.ENCLOSING_MARK -> false;
            default -> true;
        };
    }
}
