package dev.deberta4j.data;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Strict UTF-8 decoding of a whole text file: invalid bytes are an error naming the file, line and column, never
 * replaced with U+FFFD behind the user's back (the replaced text would train or classify as something else).
 */
public final class Utf8Text {
    private Utf8Text() {
    }

    /**
     * @param where the name used in the message (a path, or "stdin")
     * @throws DataFormatException at the first invalid byte sequence
     */
    public static String decode(String where, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) throw invalid(where, bytes, in.position(), result.length());
        result = decoder.flush(out);
        if (result.isError()) throw invalid(where, bytes, in.position(), result.length());
        return out.flip().toString();
    }

    /** As {@link #decode(String, byte[])} for a file. */
    public static String decode(Path file, byte[] bytes) {
        return decode(file.toString(), bytes);
    }

    private static DataFormatException invalid(String where, byte[] bytes, int offset, int length) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        StringBuilder found = new StringBuilder();
        for (int i = offset; i < Math.min(bytes.length, offset + Math.max(1, length)); i++) {
            found.append(found.isEmpty() ? "" : " ").append(String.format("0x%02X", bytes[i] & 0xFF));
        }
        return new DataFormatException(Path.of(where), "line " + line + ": not valid UTF-8 (bytes " + found
                + " at byte " + (offset - lineStart + 1) + " of the line); convert the file to UTF-8",
                new CharacterCodingException());
    }
}
