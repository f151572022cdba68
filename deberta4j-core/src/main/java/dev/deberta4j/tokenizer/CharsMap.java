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
    /** Marks a BMP code point looked up and found unmapped in {@link #bmp}. */
    private static final String UNMAPPED = new String("unmapped");
    /**
     * Replacement of each BMP code point, filled as code points are first met (null: not looked up yet). Filled
     * lazily because all 64 K lookups, done at load time before the JIT has compiled them, cost 0.1-0.2 s of a
     * command's start. A race between threads only repeats a lookup: Strings are safely published.
     */
    private final String[] bmp = new String[0x10000];

    private CharsMap(int[] units, byte[] normalized) {
        this.units = units;
        this.normalized = normalized;
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
        b.asIntBuffer().get(units);
        b.position(4 + units.length * 4);
        byte[] rest = new byte[b.remaining()];
        b.get(rest);
        return new CharsMap(units, rest);
    }

    /** The bytes {@link #parse} read this map from. */
    byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(4 + units.length * 4 + normalized.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(units.length * 4);
        b.asIntBuffer().put(units);
        b.position(4 + units.length * 4);
        b.put(normalized);
        return b.array();
    }

    /** Replacement for a single code point, or null. */
    String lookup(int codePoint) {
        if (codePoint >= 0xD800 && codePoint <= 0xDFFF) return null;   // a lone surrogate has no UTF-8 key
        if (codePoint < 0x10000) {
            String cached = bmp[codePoint];
            if (cached == null) {
                cached = lookupOne(codePoint);
                bmp[codePoint] = cached == null ? UNMAPPED : cached;
            }
            return cached == UNMAPPED ? null : cached;
        }
        return lookupOne(codePoint);
    }

    private String lookupOne(int codePoint) {
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
