package dev.deberta4j.tokenizer;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    record Regex(String source, Pattern pattern) implements TextPattern {
        static Regex compile(String source, String path) {
            try {
                return new Regex(source, Pattern.compile(source, Pattern.UNICODE_CHARACTER_CLASS));
            } catch (RuntimeException e) {
                throw new TokenizerFormatException(path + ": invalid regex '" + source + "': " + e.getMessage(), e);
            }
        }

        @Override public void findAll(NormalizedText text, IntBuffer starts, IntBuffer ends) {
            String s = text.toString();
            Matcher m = pattern.matcher(s);
            // Map UTF-16 positions to code point positions incrementally (matches come in order).
            int utf16 = 0;
            int cp = 0;
            while (m.find()) {
                if (m.end() == m.start()) {
                    continue; // Rust regex would also yield empty matches; HF patterns here never match empty.
                }
                while (utf16 < m.start()) {
                    utf16 += Character.charCount(s.codePointAt(utf16));
                    cp++;
                }
                int startCp = cp;
                while (utf16 < m.end()) {
                    utf16 += Character.charCount(s.codePointAt(utf16));
                    cp++;
                }
                starts.add(startCp);
                ends.add(cp);
            }
        }
    }
}
