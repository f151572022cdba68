package dev.deberta4j.tokenizer;

/**
 * Turns a Java string into the code points the Rust library sees. A Java string crosses JNI as modified UTF-8
 * (CESU-8); when it holds an unpaired surrogate that decoding fails and Rust falls back to lossy UTF-8 decoding of
 * those bytes: every surrogate (paired or not) becomes three U+FFFD and U+0000 becomes two. Offsets of such an
 * input then count those replacement chars, exactly as DJL's binding of Hugging Face tokenizers reports them.
 */
final class InputText {
    private InputText() {}

    static int[] codePoints(String text) {
        int n = text.length();
        boolean unpaired = false;
        for (int i = 0; i < n && !unpaired; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) i++;
                else unpaired = true;
            } else if (Character.isLowSurrogate(c)) {
                unpaired = true;
            }
        }
        if (!unpaired) {
            int[] out = new int[text.codePointCount(0, n)];
            for (int i = 0, k = 0; i < n; k++) {
                int c = text.codePointAt(i);
                out[k] = c;
                i += Character.charCount(c);
            }
            return out;
        }
        IntBuffer out = new IntBuffer(n * 2);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            int replacements = Character.isSurrogate(c) ? 3 : c == 0 ? 2 : 0;
            if (replacements == 0) out.add(c);
            for (int k = 0; k < replacements; k++) out.add(0xFFFD);
        }
        return out.toArray();
    }
}
