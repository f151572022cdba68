package dev.deberta4j.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deberta4j.io.SmallJson;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * A binary copy, beside a Unigram {@code tokenizer.json} ({@code tokenizer.json.deberta4j-cache}), of what is slow
 * to build from it when a process starts: the vocabulary with its trie and the Precompiled charsmaps. Parsing the
 * 0.8 MB JSON before the JIT has compiled the parser cost about a second of CPU in every command; the rest of the
 * file (normalizers, template, added tokens) is kept as a small JSON skeleton and read by the usual reader.
 *
 * <p>The cache is never trusted blindly: it names its format version, the length and CRC-32 of the tokenizer.json
 * it was made from, and the CRC-32 of its own content; every length and trie entry is range-checked. On any
 * mismatch or damage the tokenizer.json is read instead. It is written (atomically: a temporary file then a
 * rename) only when {@value #PROPERTY} is {@code write}, as {@code bin/deberta4j} sets it; a library reads a valid
 * cache by default ({@code read}) and {@code off} ignores it.
 */
final class TokenizerCache {
    static final String PROPERTY = "deberta4j.tokenizerCache";
    static final String SUFFIX = ".deberta4j-cache";
    /** "D4JTOKC" and a NUL. */
    private static final long MAGIC = 0x44344A544F4B4300L;
    /** Bump on any change of the layout below or of what the reader builds from it. */
    static final int VERSION = 1;
    /** Magic, version and payload CRC. */
    private static final int HEADER = 16;
    /** For writing only (a command that reads the cache never starts an ObjectMapper: see SmallJson). */
    private static final class Mapper {
        static final ObjectMapper JSON = new ObjectMapper();
    }

    enum Mode { OFF, READ, WRITE }

    private TokenizerCache() {}

    static Mode mode() {
        String value = System.getProperty(PROPERTY, "read");
        return switch (value) {
            case "off" -> Mode.OFF;
            case "read" -> Mode.READ;
            case "write" -> Mode.WRITE;
            default -> throw new IllegalArgumentException("-D" + PROPERTY + "=" + value + ": expected off, read or write");
        };
    }

    static Path cacheFile(Path tokenizerJson) {
        return tokenizerJson.resolveSibling(tokenizerJson.getFileName() + SUFFIX);
    }

    /** Reads {@code file} through its cache when that is valid, else from the JSON (then writing it in WRITE mode). */
    static TokenizerJsonReader.Result read(Path file, Mode mode) {
        if (mode == Mode.OFF) return TokenizerJsonReader.read(file);
        byte[] source;
        try {
            source = Files.readAllBytes(file);
        } catch (IOException e) {
            return TokenizerJsonReader.read(file);   // which says what is wrong with the file
        }
        String name = file.getFileName().toString();
        int crc = crc32(source, 0);
        Path cache = cacheFile(file);
        TokenizerJsonReader.Result cached = readCache(cache, source.length, crc, name);
        if (cached != null) return cached;
        JsonNode root = TokenizerJsonReader.parseTokenizerJson(file, source);
        TokenizerJsonReader.LargeParts parts = TokenizerJsonReader.LargeParts.fromJson();
        TokenizerJsonReader.Result result = TokenizerJsonReader.read(root, name, parts);
        if (mode == Mode.WRITE && parts.unigram() != null) write(cache, root, parts, source.length, crc);
        return result;
    }

    /** The tokenizer the cache holds for a source of this length and CRC, or null when it is absent or unfit. */
    static TokenizerJsonReader.Result readCache(Path cache, long sourceLength, int sourceCrc, String name) {
        if (!Files.isRegularFile(cache)) return null;
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(cache));
            if (b.remaining() < HEADER || b.getLong() != MAGIC || b.getInt() != VERSION) return null;
            if (b.getInt() != crc32(b.array(), HEADER)) return null;
            if (b.getLong() != sourceLength || b.getInt() != sourceCrc) return null;
            JsonNode skeleton = SmallJson.parse(bytes(b));
            UnigramModel unigram = readUnigram(b);
            int count = count(b, 4);
            List<CharsMap> charsmaps = new ArrayList<>(count);
            for (int i = 0; i < count; i++) charsmaps.add(CharsMap.parse(bytes(b), cache + ": charsmap " + i));
            if (b.hasRemaining()) return null;
            return TokenizerJsonReader.read(skeleton, name, TokenizerJsonReader.LargeParts.given(unigram, charsmaps));
        } catch (IOException | RuntimeException e) {
            return null;   // damaged or from another version of this reader: the JSON is read instead
        }
    }

    private static UnigramModel readUnigram(ByteBuffer b) {
        int n = count(b, 12);
        int unk = b.getInt();
        boolean byteFallback = b.get() != 0;
        if (unk < -1 || unk >= n) throw new IllegalArgumentException("unk id " + unk);
        int[] offsets = new int[n + 1];
        b.asIntBuffer().get(offsets);
        b.position(b.position() + offsets.length * 4);
        char[] chars = new char[count(b, 2)];
        b.asCharBuffer().get(chars);
        b.position(b.position() + chars.length * 2);
        String[] pieces = new String[n];
        for (int i = 0; i < n; i++) {
            if (offsets[i] < 0 || offsets[i + 1] < offsets[i] || offsets[i + 1] > chars.length) {
                throw new IllegalArgumentException("piece offset " + offsets[i + 1]);
            }
            pieces[i] = new String(chars, offsets[i], offsets[i + 1] - offsets[i]);
        }
        double[] scores = new double[n];
        if (b.remaining() < n * 8L) throw new IllegalArgumentException("scores cut short");
        b.asDoubleBuffer().get(scores);
        b.position(b.position() + n * 8);
        return new UnigramModel(pieces, scores, unk, byteFallback, CodePointTrie.read(b, n));
    }

    /** A count of items of at least {@code itemBytes} bytes each that the rest of the buffer can hold. */
    private static int count(ByteBuffer b, int itemBytes) {
        int n = b.getInt();
        if (n < 0 || (long) n * itemBytes > b.remaining()) throw new IllegalArgumentException("count " + n);
        return n;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[count(b, 1)];
        b.get(out);
        return out;
    }

    /** Writes the cache; a directory that cannot be written to only means no cache. */
    static void write(Path cache, JsonNode root, TokenizerJsonReader.LargeParts parts, long sourceLength,
                      int sourceCrc) {
        Path tmp = cache.resolveSibling(cache.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            ByteArrayOutputStream payload = new ByteArrayOutputStream(1 << 20);
            DataOutputStream out = new DataOutputStream(payload);
            out.writeLong(sourceLength);
            out.writeInt(sourceCrc);
            writeBytes(out, Mapper.JSON.writeValueAsBytes(skeleton(root)));
            writeUnigram(out, parts.unigram());
            out.writeInt(parts.charsmaps().size());
            for (CharsMap charsmap : parts.charsmaps()) writeBytes(out, charsmap.toBytes());
            out.flush();
            byte[] body = payload.toByteArray();
            ByteBuffer header = ByteBuffer.allocate(HEADER).putLong(MAGIC).putInt(VERSION);
            CRC32 crc = new CRC32();
            crc.update(body);
            header.putInt((int) crc.getValue());
            try (OutputStream file = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW)) {
                file.write(header.array());
                file.write(body);
            }
            Files.move(tmp, cache, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | UnsupportedOperationException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to undo
            }
        }
    }

    /** The tree without what the cache holds in binary: the Unigram vocab and the charsmap strings. */
    private static JsonNode skeleton(JsonNode root) {
        ObjectNode copy = root.deepCopy();
        ((ObjectNode) copy.get("model")).putArray("vocab");
        if (copy.get("normalizer") != null) blankCharsmaps(copy.get("normalizer"));
        return copy;
    }

    private static void blankCharsmaps(JsonNode node) {
        if (node instanceof ObjectNode o && "Precompiled".equals(o.path("type").asText())
                && o.path("precompiled_charsmap").isTextual()) {
            o.put("precompiled_charsmap", "");
        }
        for (JsonNode child : node) blankCharsmaps(child);
    }

    private static void writeUnigram(DataOutputStream out, UnigramModel model) throws IOException {
        String[] pieces = model.pieces();
        out.writeInt(pieces.length);
        out.writeInt(model.unkId());
        out.writeByte(model.byteFallback() ? 1 : 0);
        // UTF-16 as in the Strings themselves: a piece with a lone surrogate comes back as it was.
        StringBuilder chars = new StringBuilder();
        out.writeInt(0);
        for (String piece : pieces) {
            chars.append(piece);
            out.writeInt(chars.length());
        }
        out.writeInt(chars.length());
        out.writeChars(chars.toString());
        for (double score : model.scores()) out.writeDouble(score);
        model.trie().write(out);
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static int crc32(byte[] bytes, int from) {
        CRC32 crc = new CRC32();
        crc.update(bytes, from, bytes.length - from);
        return (int) crc.getValue();
    }
}
