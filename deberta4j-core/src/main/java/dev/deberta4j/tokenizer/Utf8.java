package dev.deberta4j.tokenizer;

/** UTF-8 helpers for code points (byte lengths matter to several HF rules). */
final class Utf8 {
    private Utf8() {}

    static int length(int c) {
        return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    }

    /** Writes {@code c} at {@code out[at]}; returns the number of bytes written. */
    static int encode(int c, byte[] out, int at) {
        if (c < 0x80) {
            out[at] = (byte) c;
            return 1;
        } else if (c < 0x800) {
            out[at] = (byte) (0xC0 | (c >> 6));
            out[at + 1] = (byte) (0x80 | (c & 0x3F));
            return 2;
        } else if (c < 0x10000) {
            out[at] = (byte) (0xE0 | (c >> 12));
            out[at + 1] = (byte) (0x80 | ((c >> 6) & 0x3F));
            out[at + 2] = (byte) (0x80 | (c & 0x3F));
            return 3;
        }
        out[at] = (byte) (0xF0 | (c >> 18));
        out[at + 1] = (byte) (0x80 | ((c >> 12) & 0x3F));
        out[at + 2] = (byte) (0x80 | ((c >> 6) & 0x3F));
        out[at + 3] = (byte) (0x80 | (c & 0x3F));
        return 4;
    }
}
