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

    /** Bytes per read of {@link #readFloats(String, float[])}. */
    private static final int READ_CHUNK = 1 << 20;

    /**
     * As {@link #readFloats(String)} into dst. Float32 tensors are read with positional file reads rather than
     * through the mapping, so a loader that repacks every matrix does not fault the whole file into this process's
     * resident memory (the pages stay in the OS cache, shared and reclaimable).
     */
    @Override
    public void readFloats(String name, float[] dst) {
        SafetensorsHeader.Entry e = entry(name);
        TensorInfo info = e.info();
        long length = e.end() - e.begin();
        if (info.dtype() != DType.F32 || length != info.byteLength() || dst.length < info.numel()) {
            TensorDecoder.toFloats(file, info, bytes(e), dst);
            return;
        }
        bytes(e);   // fails the same way when closed
        long position = header.dataStart() + e.begin();
        // The chunk is freed on return, not whenever the GC gets to a direct buffer.
        try (Arena scratch = Arena.ofConfined(); FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer chunk = scratch.allocate(Math.min(READ_CHUNK, Math.max(length, 4)), 64).asByteBuffer()
                    .order(ByteOrder.LITTLE_ENDIAN);
            int done = 0;
            for (long read = 0; read < length; ) {
                chunk.clear().limit((int) Math.min(chunk.capacity(), length - read));
                while (chunk.hasRemaining()) {
                    if (channel.read(chunk, position + read + chunk.position()) < 0) {
                        throw new CheckpointException(file, "ends inside tensor " + name);
                    }
                }
                chunk.flip();
                int floats = chunk.remaining() / Float.BYTES;
                chunk.asFloatBuffer().get(dst, done, floats);
                done += floats;
                read += chunk.limit();
            }
        } catch (IOException ex) {
            throw new CheckpointException(file, "cannot read tensor " + name + ": " + ex, ex);
        }
    }

    @Override
    public MemorySegment mapF32(String name, Arena into) {
        SafetensorsHeader.Entry e = entry(name);
        if (e.info().dtype() != DType.F32) return null;
        long offset = header.dataStart() + e.begin();
        long length = e.end() - e.begin();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return channel.map(FileChannel.MapMode.READ_ONLY, offset, length, into);
        } catch (IOException ex) {
            throw new CheckpointException(file, "cannot map tensor " + name + ": " + ex, ex);
        }
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
