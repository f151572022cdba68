package dev.deberta4j.tokenizer;

import java.nio.charset.StandardCharsets;

/** A minimal protocol-buffers wire-format reader (enough for SentencePiece's {@code ModelProto}). */
final class ProtobufReader {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final byte[] data;
    private int pos;
    private final int limit;
    private final String where;

    ProtobufReader(byte[] data, int from, int to, String where) {
        this.data = data;
        this.pos = from;
        this.limit = to;
        this.where = where;
    }

    boolean hasMore() { return pos < limit; }

    /** Reads a field key; returns {@code fieldNumber << 3 | wireType}. */
    int readTag() {
        long tag = readVarint();
        if (tag <= 0 || tag > Integer.MAX_VALUE) throw error("invalid field tag " + tag);
        return (int) tag;
    }

    long readVarint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= limit) throw error("truncated varint");
            int b = data[pos++] & 0xFF;
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw error("varint longer than 10 bytes");
    }

    float readFloat() {
        if (limit - pos < 4) throw error("truncated 32-bit value");
        int bits = (data[pos] & 0xFF) | (data[pos + 1] & 0xFF) << 8 | (data[pos + 2] & 0xFF) << 16
                | (data[pos + 3] & 0xFF) << 24;
        pos += 4;
        return Float.intBitsToFloat(bits);
    }

    /** A length-delimited field as a sub-reader. */
    ProtobufReader readMessage(String name) {
        int len = readLength();
        ProtobufReader sub = new ProtobufReader(data, pos, pos + len, where + " > " + name);
        pos += len;
        return sub;
    }

    byte[] readBytes() {
        int len = readLength();
        byte[] out = java.util.Arrays.copyOfRange(data, pos, pos + len);
        pos += len;
        return out;
    }

    String readString() { return new String(readBytes(), StandardCharsets.UTF_8); }

    private int readLength() {
        long len = readVarint();
        if (len < 0 || len > limit - pos) {
            throw error("length " + len + " runs past the end of its message (" + (limit - pos) + " bytes left)");
        }
        return (int) len;
    }

    void skip(int wireType) {
        switch (wireType) {
            case VARINT -> readVarint();
            case FIXED64 -> advance(8);
            case LENGTH_DELIMITED -> advance(readLength());
            case FIXED32 -> advance(4);
            default -> throw error("unsupported wire type " + wireType);
        }
    }

    /** Checks that a field has the wire type its schema declares. */
    void expect(int tag, int wireType, String field) {
        if ((tag & 7) != wireType) {
            throw error("field " + field + " (#" + (tag >>> 3) + ") has wire type " + (tag & 7) + ", expected " + wireType);
        }
    }

    private void advance(int n) {
        if (n > limit - pos) throw error("field of " + n + " bytes runs past the end of its message");
        pos += n;
    }

    TokenizerFormatException error(String problem) {
        return new TokenizerFormatException(where + ": " + problem + " (at byte " + pos + ")");
    }
}
