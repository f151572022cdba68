package dev.deberta4j.corpus;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32C;

/**
 * A packed, tokenised corpus on disk, memory-mapped: {@code count} sequences of {@code seqLength} token ids,
 * read one sequence at a time so that the heap never holds the corpus.
 *
 * <p>Format (little-endian): a 128-byte header, then the ids row-major, as uint16 when the vocabulary has at
 * most 65,536 ids, else int32.
 * <pre>
 *   0  8 bytes  magic "D4JTOKNS"          40  32 bytes SHA-256 key (corpus + tokenizer + length, see CorpusTokenization)
 *   8  int32    format version (1)        72  int64    CRC32C of the ids
 *  12  int32    vocabulary size           80  int64    CRC32C of bytes 0..79
 *  16  int32    sequence length           88  zeros up to 128
 *  20  int32    bytes per id (2 or 4)
 *  24  int64    sequences
 *  32  int32    pad id
 *  36  int32    zero
 * </pre>
 * Sequences shorter than {@code seqLength} are right-padded with the pad id (see {@link SequencePacker}). The
 * file is written under a temporary name and renamed into place, and {@link #open} checks the header, the size
 * and both checksums, so a truncated or corrupt cache is never trusted.
 */
public final class TokenCache implements AutoCloseable {
    static final byte[] MAGIC = "D4JTOKNS".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int HEADER_BYTES = 128;
    private static final int HEADER_CHECKED_BYTES = 80;
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path file;
    private final Header header;
    private final Arena arena;
    private final MemorySegment ids;

    /** What the header says. */
    public record Header(int vocabSize, int seqLength, int bytesPerId, long sequences, int padId, byte[] key) {
        public String keyHex() {
            return HexFormat.of().formatHex(key);
        }

        long payloadBytes() {
            return sequences * seqLength * (long) bytesPerId;
        }
    }

    private TokenCache(Path file, Header header, Arena arena, MemorySegment ids) {
        this.file = file;
        this.header = header;
        this.arena = arena;
        this.ids = ids;
    }

    /** Maps a cache file after checking header, size and checksums; any mismatch is a {@link CorpusException}. */
    public static TokenCache open(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < HEADER_BYTES) throw invalid(file, "truncated: " + size + " bytes, shorter than the header");
            ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            while (h.hasRemaining() && ch.read(h, h.position()) > 0) { }
            h.flip();
            byte[] magic = new byte[MAGIC.length];
            h.get(0, magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) throw invalid(file, "not a deberta4j token cache (bad magic)");
            CRC32C headerCrc = new CRC32C();
            headerCrc.update(h.array(), 0, HEADER_CHECKED_BYTES);
            if (headerCrc.getValue() != h.getLong(80)) throw invalid(file, "corrupt header (checksum mismatch)");
            int version = h.getInt(8);
            if (version != VERSION) throw invalid(file, "format version " + version + ", expected " + VERSION);
            byte[] key = new byte[32];
            h.get(40, key);
            Header header = new Header(h.getInt(12), h.getInt(16), h.getInt(20), h.getLong(24), h.getInt(32), key);
            if ((header.bytesPerId() != 2 && header.bytesPerId() != 4) || header.seqLength() < 3
                    || header.sequences() < 0 || header.vocabSize() < 1) {
                throw invalid(file, "impossible header values " + header);
            }
            long expected = HEADER_BYTES + header.payloadBytes();
            if (size != expected) {
                throw invalid(file, (size < expected ? "truncated" : "trailing bytes") + ": " + size
                        + " bytes, the header promises " + expected);
            }
            Arena arena = Arena.ofShared();
            try {
                MemorySegment ids = ch.map(FileChannel.MapMode.READ_ONLY, HEADER_BYTES, header.payloadBytes(), arena);
                if (crc(ids) != h.getLong(72)) throw invalid(file, "corrupt token ids (checksum mismatch)");
                return new TokenCache(file, header, arena, ids);
            } catch (RuntimeException e) {
                arena.close();
                throw e;
            }
        } catch (IOException e) {
            throw new CorpusException(file + ": cannot read the token cache: " + e.getMessage(), e);
        }
    }

    private static CorpusException invalid(Path file, String why) {
        return new CorpusException(file + ": " + why);
    }

    private static long crc(MemorySegment bytes) {
        CRC32C crc = new CRC32C();
        long chunk = 1 << 24;
        for (long at = 0; at < bytes.byteSize(); at += chunk) {
            crc.update(bytes.asSlice(at, Math.min(chunk, bytes.byteSize() - at)).asByteBuffer());
        }
        return crc.getValue();
    }

    public Path file() {
        return file;
    }

    public Header header() {
        return header;
    }

    public long sequences() {
        return header.sequences();
    }

    public int seqLength() {
        return header.seqLength();
    }

    /**
     * Copies sequence {@code index} into {@code into[offset, offset + seqLength)}.
     *
     * @return its length without the trailing padding
     */
    public int read(long index, int[] into, int offset) {
        if (index < 0 || index >= header.sequences()) {
            throw new IndexOutOfBoundsException("sequence " + index + " of " + header.sequences());
        }
        int n = header.seqLength();
        long base = index * n;
        if (header.bytesPerId() == 2) {
            for (int i = 0; i < n; i++) into[offset + i] = Short.toUnsignedInt(ids.getAtIndex(U16, base + i));
        } else {
            for (int i = 0; i < n; i++) into[offset + i] = ids.getAtIndex(I32, base + i);
        }
        int length = n;
        while (length > 0 && into[offset + length - 1] == header.padId()) length--;
        return length;
    }

    @Override
    public void close() {
        arena.close();
    }

    /** Streams sequences into a temporary file next to the target; {@link #commit} renames it into place. */
    static final class Writer implements AutoCloseable {
        private final Path target;
        private final Path temp;
        private final FileChannel channel;
        private final OutputStream out;
        private final CRC32C crc = new CRC32C();
        private final int vocabSize;
        private final int seqLength;
        private final int bytesPerId;
        private final int padId;
        private final byte[] key;
        private final byte[] row;
        private long sequences;
        private boolean committed;

        Writer(Path target, int vocabSize, int seqLength, int padId, byte[] key) throws IOException {
            this.target = target.toAbsolutePath();
            this.vocabSize = vocabSize;
            this.seqLength = seqLength;
            this.bytesPerId = vocabSize <= 65536 ? 2 : 4;
            this.padId = padId;
            this.key = key.clone();
            this.row = new byte[seqLength * bytesPerId];
            Files.createDirectories(this.target.getParent());
            // created like any other file (mode from the umask), unlike createTempFile's owner-only 0600
            this.temp = this.target.resolveSibling("." + this.target.getFileName() + ".tmp-"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1));
            this.channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            channel.position(HEADER_BYTES);
            this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 20);
        }

        void write(int[] tokens) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(row).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < seqLength; i++) {
                int id = tokens[i];
                if (id < 0 || id >= vocabSize) {
                    throw new IllegalArgumentException("token id " + id + " outside the vocabulary of " + vocabSize);
                }
                if (bytesPerId == 2) b.putShort((short) id); else b.putInt(id);
            }
            crc.update(row);
            out.write(row);
            sequences++;
        }

        /** Writes the header, forces the file to disk and renames it over the target. */
        void commit() throws IOException {
            out.flush();
            ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            h.put(MAGIC).putInt(VERSION).putInt(vocabSize).putInt(seqLength).putInt(bytesPerId).putLong(sequences)
                    .putInt(padId).putInt(0).put(key).putLong(crc.getValue());
            CRC32C headerCrc = new CRC32C();
            headerCrc.update(h.array(), 0, HEADER_CHECKED_BYTES);
            h.putLong(headerCrc.getValue());
            h.clear();
            while (h.hasRemaining()) channel.write(h, h.position());
            channel.force(true);
            channel.close();
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            committed = true;
        }

        long sequences() {
            return sequences;
        }

        @Override
        public void close() throws IOException {
            if (committed) return;
            channel.close();
            Files.deleteIfExists(temp);
        }
    }
}
