package dev.deberta4j.tokenizer;

/** GPT-2's reversible byte-to-printable-char mapping used by byte-level BPE. */
public final class ByteLevelAlphabet {
    private static final int[] BYTE_TO_CHAR = new int[256];
    private static final int[] CHAR_TO_BYTE = new int[512];

    static {
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        int n = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
            int c = printable ? b : 256 + n++;
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = b;
        }
    }

    private ByteLevelAlphabet() {}

    public static int charOf(int b) { return BYTE_TO_CHAR[b & 0xFF]; }

    /** The byte a char stands for, or -1. */
    static int byteOf(int c) { return c >= 0 && c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1; }
}
