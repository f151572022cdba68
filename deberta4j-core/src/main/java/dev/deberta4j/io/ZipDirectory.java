package dev.deberta4j.io;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the bytes of each uncompressed (STORED) entry of a memory-mapped zip archive begin, read from the central
 * directory (zip64 included) and checked against each local header. {@link java.util.zip.ZipFile} validates the
 * archive but does not expose these offsets, and they are what lets torch storages be mapped instead of copied.
 */
final class ZipDirectory {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int END_SIGNATURE = 0x06054b50;
    private static final int ZIP64_END_SIGNATURE = 0x06064b50;
    private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
    private static final int CENTRAL_SIGNATURE = 0x02014b50;
    private static final int LOCAL_SIGNATURE = 0x04034b50;
    private static final int END_SIZE = 22;
    private static final long MARKER_32 = 0xFFFF_FFFFL;

    /** One STORED entry: where its bytes start in the file and how many there are. */
    record Stored(long dataOffset, long size) {
    }

    private final Path file;
    private final MemorySegment zip;

    private ZipDirectory(Path file, MemorySegment zip) {
        this.file = file;
        this.zip = zip;
    }

    /** STORED entries by name; compressed entries are left out. */
    static Map<String, Stored> storedEntries(Path file, MemorySegment zip) {
        return new ZipDirectory(file, zip).read();
    }

    private Map<String, Stored> read() {
        long end = findEnd();
        long entries = u16(end + 10);
        long directorySize = u32(end + 12);
        long directory = u32(end + 16);
        if (entries == 0xFFFF || directorySize == MARKER_32 || directory == MARKER_32) {
            long locator = end - 20;
            check(locator >= 0 && zip.get(U32, locator) == ZIP64_LOCATOR_SIGNATURE, "zip64 end locator not found");
            long zip64End = zip.get(U64, locator + 8);
            check(zip64End >= 0 && zip64End <= zip.byteSize() - 56 && zip.get(U32, zip64End) == ZIP64_END_SIGNATURE,
                    "zip64 end record not found");
            entries = zip.get(U64, zip64End + 32);
            directory = zip.get(U64, zip64End + 48);
        }
        Map<String, Stored> stored = new HashMap<>();
        long at = directory;
        for (long i = 0; i < entries; i++) {
            check(at >= 0 && at <= zip.byteSize() - 46 && zip.get(U32, at) == CENTRAL_SIGNATURE,
                    "central directory entry " + i + " not found at offset " + at);
            int method = u16(at + 10);
            long compressed = u32(at + 20);
            long size = u32(at + 24);
            int nameLength = u16(at + 28);
            int extraLength = u16(at + 30);
            int commentLength = u16(at + 32);
            long local = u32(at + 42);
            check(at + 46 + nameLength + extraLength <= zip.byteSize(), "central directory entry " + i + " is truncated");
            String name = string(at + 46, nameLength);
            long[] zip64 = zip64Fields(at + 46 + nameLength, extraLength, size == MARKER_32, compressed == MARKER_32,
                    local == MARKER_32);
            size = zip64[0] >= 0 ? zip64[0] : size;
            local = zip64[2] >= 0 ? zip64[2] : local;
            if (method == 0) {
                stored.put(name, new Stored(dataOffset(name, local, size), size));
            }
            at += 46L + nameLength + extraLength + commentLength;
        }
        return stored;
    }

    private long findEnd() {
        long last = zip.byteSize() - END_SIZE;
        long first = Math.max(0, last - 0xFFFF);
        for (long p = last; p >= first; p--) {
            if (zip.get(U32, p) == END_SIGNATURE) {
                return p;
            }
        }
        throw new CheckpointException(file, "zip end-of-central-directory record not found");
    }

    /** The zip64 extra field (id 1) holds, in order, only the values whose 32-bit fields are saturated. */
    private long[] zip64Fields(long extra, int length, boolean hasSize, boolean hasCompressed, boolean hasLocal) {
        long[] values = {-1, -1, -1};
        long end = extra + length;
        while (extra + 4 <= end) {
            int id = u16(extra);
            int size = u16(extra + 2);
            if (id == 1) {
                long p = extra + 4;
                boolean[] present = {hasSize, hasCompressed, hasLocal};
                for (int f = 0; f < 3; f++) {
                    if (present[f]) {
                        check(p + 8 <= extra + 4 + size && p + 8 <= end, "zip64 extra field is too short");
                        values[f] = zip.get(U64, p);
                        p += 8;
                    }
                }
            }
            extra += 4L + size;
        }
        return values;
    }

    private long dataOffset(String name, long local, long size) {
        check(local >= 0 && local <= zip.byteSize() - 30 && zip.get(U32, local) == LOCAL_SIGNATURE,
                "local header of " + name + " not found at offset " + local);
        int nameLength = u16(local + 26);
        int extraLength = u16(local + 28);
        check(string(local + 30, nameLength).equals(name), "local header at offset " + local + " does not name " + name);
        long data = local + 30 + nameLength + extraLength;
        check(size >= 0 && data <= zip.byteSize() - size, "entry " + name + " (" + size + " bytes) runs past the end of the file");
        return data;
    }

    private String string(long at, int length) {
        check(at + length <= zip.byteSize(), "zip name runs past the end of the file");
        return new String(zip.asSlice(at, length).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }

    private int u16(long at) {
        return zip.get(U16, at) & 0xFFFF;
    }

    private long u32(long at) {
        return zip.get(U32, at) & MARKER_32;
    }

    private void check(boolean ok, String reason) {
        if (!ok) {
            throw new CheckpointException(file, "corrupt zip archive: " + reason);
        }
    }
}
