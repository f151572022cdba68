package dev.deberta4j.tokenizer;

/** Turns a Java string into the code points the Rust library would see. */
final class InputText {
    private InputText() {}

    /** Code points of {@code text}; an unpaired surrogate becomes U+FFFD, as lossy UTF-8 conversion does. */
    static int[] codePoints(String text) {
        int[] out = new int[text.length()];
        int n = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            out[n++] = (c >= 0xD800 && c <= 0xDFFF) ? 0xFFFD : c;
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }
}
