package dev.deberta4j.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;

/**
 * One memory-mapped {@code .safetensors} file. The header is validated on open; tensors are converted one at a
 * time straight from the mapping, so the file is never copied to the heap. Reads are thread-safe.
 */
public final class SafetensorsFile implements TensorSource {
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path file;
    private final Arena arena;
    private final MemorySegment data;
    private final SafetensorsHeader header;

    private SafetensorsFile(Path file, Arena arena, MemorySegment data, SafetensorsHeader header) {
        this.file = file;
        this.arena = arena;
        this.data = data;
        this.header = header;
    }

    /** Maps and validates {@code file}. @throws CheckpointException if it is unreadable or malformed */
    public static SafetensorsFile open(Path file) {
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            MemorySegment whole = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            long rawLength = size >= 8 ? whole.get(U64, 0) : 0;
            int headerLength = SafetensorsHeader.checkedHeaderLength(file, size, rawLength);
            byte[] json = whole.asSlice(8, headerLength).toArray(ValueLayout.JAVA_BYTE);
            long dataStart = 8L + headerLength;
            SafetensorsHeader header = SafetensorsHeader.parse(file, json, size - dataStart);
            return new SafetensorsFile(file, arena, whole.asSlice(dataStart), header);
        } catch (IOException e) {
            arena.close();
            throw new CheckpointException(file, "cannot read: " + e, e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** The {@code __metadata__} string map, e.g. {@code {"format": "pt"}}; empty if the file has none. */
    public Map<String, String> metadata() {
        return header.metadata();
    }

    /** Byte offset of a tensor's data from the start of the file (for tests and diagnostics). */
    long fileOffset(String name) {
        return header.dataStart() + entry(name).begin();
    }

    @Override
    public Path path() {
        return file;
    }

    @Override
    public Set<String> names() {
        return header.entries().keySet();
    }

    @Override
    public TensorInfo info(String name) {
        return entry(name).info();
    }

    @Override
    public boolean contains(String name) {
        return header.entries().containsKey(name);
    }

    @Override
    public float[] readFloats(String name) {
        SafetensorsHeader.Entry e = entry(name);
        return TensorDecoder.toFloats(file, e.info(), bytes(e));
    }

    @Override
    public long[] readLongs(String name) {
        SafetensorsHeader.Entry e = entry(name);
        return TensorDecoder.toLongs(file, e.info(), bytes(e));
    }

    @Override
    public ByteBuffer readRaw(String name) {
        SafetensorsHeader.Entry e = entry(name);
        return TensorDecoder.toBuffer(file, e.info(), bytes(e));
    }

    @Override
    public synchronized void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }

    private MemorySegment bytes(SafetensorsHeader.Entry e) {
        if (!arena.scope().isAlive()) {
            throw new CheckpointException(file, "is closed (reading tensor " + e.info().name() + ")");
        }
        return data.asSlice(e.begin(), e.end() - e.begin());
    }

    private SafetensorsHeader.Entry entry(String name) {
        SafetensorsHeader.Entry e = header.entries().get(name);
        if (e == null) {
            throw new CheckpointException(file, "no tensor named \"" + name + "\" (" + header.entries().size()
                    + " tensors)");
        }
        return e;
    }

    @Override
    public String toString() {
        return "SafetensorsFile[" + file + ", " + header.entries().size() + " tensors]";
    }
}
