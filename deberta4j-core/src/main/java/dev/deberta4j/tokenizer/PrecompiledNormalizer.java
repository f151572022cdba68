package dev.deberta4j.tokenizer;

/**
 * SentencePiece's precompiled normalization (e.g. nmt_nfkc), applied the Hugging Face way: per grapheme cluster
 * when the cluster is shorter than 6 UTF-8 bytes, otherwise char by char (so NFD Hangul is not recomposed).
 */
record PrecompiledNormalizer(CharsMap map) implements Normalizer {
    @Override public void normalize(NormalizedText text) {
        int n = text.length();
        if (n == 0) return;
        int[] cps = text.rawChars();
        int[] ends = new int[n];
        int graphemes = Graphemes.split(cps, n, ends);
        Transformations t = null;
        int start = 0;
        for (int g = 0; g < graphemes; g++) {
            int end = ends[g];
            boolean done = false;
            if (end - start > 1 && utf8Length(cps, start, end) < 6) {
                String norm = map.lookup(cps, start, end);
                if (norm != null) {
                    if (t == null) t = copyPrefix(cps, start, n);
                    t.replace(end - start, norm);
                    done = true;
                }
            }
            if (!done) {
                for (int i = start; i < end; i++) {
                    String norm = map.lookup(cps[i]);
                    if (norm != null) {
                        if (t == null) t = copyPrefix(cps, i, n);
                        t.replace(1, norm);
                    } else if (t != null) {
                        t.add(cps[i], 0);
                    }
                }
            }
            start = end;
        }
        if (t != null) text.transform(t.chars.raw(), t.changes.raw(), t.size(), 0);
    }

    /** Transformations that keep {@code cps[0, upTo)} unchanged (lazily created on the first modification). */
    private static Transformations copyPrefix(int[] cps, int upTo, int n) {
        Transformations t = new Transformations(n + 8);
        for (int i = 0; i < upTo; i++) t.add(cps[i], 0);
        return t;
    }

    private static int utf8Length(int[] cps, int from, int to) {
        int len = 0;
        for (int i = from; i < to; i++) len += Utf8.length(cps[i]);
        return len;
    }
}
