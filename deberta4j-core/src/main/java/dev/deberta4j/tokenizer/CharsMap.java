package dev.deberta4j.tokenizer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * SentencePiece's precompiled normalization map: a darts-clone double-array trie over UTF-8 keys whose values
 * point into a blob of NUL-terminated replacement strings. Lookup returns the replacement of the
 * <em>shortest</em> key that prefixes the input, as Hugging Face's {@code Precompiled} does.
 */
final class CharsMap {
    private final int[] units;
    private final byte[] normalized;
    /** Cached replacement for each BMP code point (null: unmapped). */
    private final String[] bmp = new String[0x10000];

    private CharsMap(int[] units, byte[] normalized) {
        this.units = units;
        this.normalized = normalized;
        byte[] utf8 = new byte[4];
        for (int c = 0; c < 0x10000; c++) {
            if (c >= 0xD800 && c <= 0xDFFF) continue;
            int len = Utf8.encode(c, utf8, 0);
            bmp[c] = lookupBytes(utf8, len);
        }
    }

    /** Parses the {@code precompiled_charsmap} bytes; {@code where} names the source for errors. */
    static CharsMap parse(byte[] blob, String where) {
        if (blob.length < 4) {
            throw new TokenizerFormatException(where + ": precompiled charsmap has " + blob.length
                    + " bytes, expected at least 4");
        }
        ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        long trieSize = Integer.toUnsignedLong(b.getInt());
        if (trieSize % 4 != 0 || trieSize > blob.length - 4L) {
            throw new TokenizerFormatException(where + ": precompiled charsmap trie size " + trieSize
                    + " does not fit the " + (blob.length - 4) + " bytes that follow it");
        }
        int[] units = new int[(int) (trieSize / 4)];
        for (int i = 0; i < units.length; i++) units[i] = b.getInt();
        byte[] rest = new byte[b.remaining()];
        b.get(rest);
        return new CharsMap(units, rest);
    }

    /** Replacement for a single code point, or null. */
    String lookup(int codePoint) {
        if (codePoint < 0x10000) return bmp[codePoint];
        byte[] utf8 = new byte[4];
        int len = Utf8.encode(codePoint, utf8, 0);
        return lookupBytes(utf8, len);
    }

    /** Replacement for the shortest mapped prefix of {@code codePoints[from, to)}, or null. */
    String lookup(int[] codePoints, int from, int to) {
        if (to - from == 1) return lookup(codePoints[from]);
        byte[] utf8 = new byte[(to - from) * 4];
        int len = 0;
        for (int i = from; i < to; i++) len += Utf8.encode(codePoints[i], utf8, len);
        return lookupBytes(utf8, len);
    }

    private String lookupBytes(byte[] key, int len) {
        if (units.length == 0) return null;
        int pos = 0;
        int unit = units[pos];
        pos ^= offset(unit);
        for (int i = 0; i < len; i++) {
            int c = key[i] & 0xFF;
            if (c == 0) break;
            pos ^= c;
            if (pos < 0 || pos >= units.length) return null;
            unit = units[pos];
            if ((unit & (0x80000000 | 0xFF)) != c) return null;
            pos ^= offset(unit);
            if (((unit >>> 8) & 1) == 1) {
                if (pos < 0 || pos >= units.length) return null;
                return stringAt(units[pos] & 0x7FFFFFFF);
            }
        }
        return null;
    }

    private static int offset(int unit) {
        return (unit >>> 10) << ((unit & (1 << 9)) >>> 6);
    }

    private String stringAt(int index) {
        int end = index;
        while (end < normalized.length && normalized[end] != 0) end++;
        return new String(normalized, index, Math.max(0, end - index), StandardCharsets.UTF_8).intern();
    }
}
