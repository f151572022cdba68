package dev.deberta4j.tokenizer;

/** A literal string or a regex, matched over normalized code points (HF {@code SplitPattern}/{@code ReplacePattern}). */
sealed interface TextPattern {
    /** Appends all non-overlapping, left-to-right matches as code-point spans. */
    void findAll(NormalizedText text, IntBuffer starts, IntBuffer ends);

    /** The full cover of the text by matches and non-matches. */
    default Segments segments(NormalizedText text) {
        IntBuffer s = new IntBuffer();
        IntBuffer e = new IntBuffer();
        findAll(text, s, e);
        return Segments.ofMatches(text.length(), s, e);
    }

    record Literal(String literal) implements TextPattern {
        @Override public void findAll(NormalizedText text, IntBuffer starts, IntBuffer ends) {
            int[] needle = literal.codePoints().toArray();
            int n = text.length();
            if (needle.length == 0) return;
            int i = 0;
            outer:
            while (i + needle.length <= n) {
                for (int k = 0; k < needle.length; k++) {
                    if (text.charAt(i + k) != needle[k]) {
                        i++;
                        continue outer;
                    }
                }
                starts.add(i);
                ends.add(i + needle.length);
                i += needle.length;
            }
        }
    }

    /** A regex, run in linear time on RE2/J with Oniguruma's meaning ({@link LinearRegex}). */
    record Regex(String source, LinearRegex regex) implements TextPattern {
        static Regex compile(String source, String path) {
            return new Regex(source, LinearRegex.compile(source, path));
        }

        @Override public void findAll(NormalizedText text, IntBuffer starts, IntBuffer ends) {
            String s = text.toString();
            IntBuffer utf16Starts = new IntBuffer();
            IntBuffer utf16Ends = new IntBuffer();
            regex.findAll(s, utf16Starts, utf16Ends);
            // Map UTF-16 positions to code point positions incrementally (matches come in order).
            int utf16 = 0;
            int cp = 0;
            for (int k = 0; k < utf16Starts.size(); k++) {
                while (utf16 < utf16Starts.get(k)) {
                    utf16 += Character.charCount(s.codePointAt(utf16));
                    cp++;
                }
                int startCp = cp;
                while (utf16 < utf16Ends.get(k)) {
                    utf16 += Character.charCount(s.codePointAt(utf16));
                    cp++;
                }
                starts.add(startCp);
                ends.add(cp);
            }
        }
    }
}
