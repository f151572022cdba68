package dev.deberta4j.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The pre-1.6 layout ({@code _use_new_zipfile_serialization=False}), memory-mapped: five pickles in a row (magic
 * number, protocol version, sys info, the state dict, the list of storage keys) followed by each storage in that
 * order as an 8-byte little-endian element count and the raw elements.
 */
final class TorchLegacyContainer implements TorchContainer {
    private static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final long PROTOCOL_VERSION = 1001;
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path file;
    private final Arena arena;
    private final SortedMap<String, TorchPickle.TensorRecord> tensors;
    private final Map<String, MemorySegment> storages;

    private TorchLegacyContainer(Path file, Arena arena, SortedMap<String, TorchPickle.TensorRecord> tensors,
                                 Map<String, MemorySegment> storages) {
        this.file = file;
        this.arena = arena;
        this.tensors = tensors;
        this.storages = storages;
    }

    static TorchLegacyContainer open(Path file) {
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MemorySegment whole = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            PickleReader.Hooks plain = TorchPickle.plainData(file);

            PickleReader reader = new PickleReader(file, whole, 0, plain);
            Object magic = reader.load();
            if (!MAGIC.equals(magic instanceof Long l ? BigInteger.valueOf(l) : magic)) {
                throw new CheckpointException(file, "legacy torch magic number mismatch: expected 0x" + MAGIC.toString(16)
                        + ", found " + magic);
            }
            reader = new PickleReader(file, whole, reader.position(), plain);
            Object version = reader.load();
            if (!Long.valueOf(PROTOCOL_VERSION).equals(version)) {
                throw new CheckpointException(file, "legacy torch protocol version " + version + " is not supported (expected "
                        + PROTOCOL_VERSION + ")");
            }
            reader = new PickleReader(file, whole, reader.position(), plain);
            if (!(reader.load() instanceof Map<?, ?> sysInfo) || !Boolean.TRUE.equals(sysInfo.get("little_endian"))) {
                throw new CheckpointException(file, "legacy checkpoint was not written little-endian; not supported");
            }
            TorchPickle hooks = new TorchPickle(file);
            reader = new PickleReader(file, whole, reader.position(), hooks);
            SortedMap<String, TorchPickle.TensorRecord> tensors = hooks.stateDict(reader.load());
            reader = new PickleReader(file, whole, reader.position(), plain);
            Object keys = reader.load();
            Map<String, MemorySegment> storages = storages(file, whole, reader.position(), keys, hooks.storages());
            return new TorchLegacyContainer(file, arena, tensors, storages);
        } catch (IOException e) {
            arena.close();
            throw new CheckpointException(file, "cannot read: " + e, e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** Walks the storages written after the key list, checking each count against what the pickle declared. */
    private static Map<String, MemorySegment> storages(Path file, MemorySegment whole, long position, Object keys,
                                                       Map<String, TorchPickle.StorageRef> declared) {
        if (!(keys instanceof List<?> list)) {
            throw new CheckpointException(file, "storage key list must be a list, found " + PickleReader.describe(keys));
        }
        Map<String, MemorySegment> storages = new HashMap<>();
        for (Object k : list) {
            TorchPickle.StorageRef ref = k instanceof String key ? declared.get(key) : null;
            if (ref == null) {
                throw new CheckpointException(file, "storage key " + k + " is not declared by any tensor");
            }
            if (whole.byteSize() - position < 8) {
                throw new CheckpointException(file, "file is truncated: storage " + ref.key() + " starts at offset "
                        + position + " but the file is " + whole.byteSize() + " bytes");
            }
            long count = whole.get(I64, position);
            if (count != ref.numel()) {
                throw new CheckpointException(file, "storage " + ref.key() + " holds " + count + " elements but the pickle"
                        + " declares " + ref.numel());
            }
            long length = count <= Long.MAX_VALUE / 8 ? count * ref.dtype().byteSize() : Long.MAX_VALUE;
            if (length > whole.byteSize() - position - 8) {
                throw new CheckpointException(file, "file is truncated: storage " + ref.key() + " needs " + length
                        + " bytes at offset " + (position + 8) + " but the file is " + whole.byteSize() + " bytes");
            }
            storages.put(ref.key(), whole.asSlice(position + 8, length));
            position += 8 + length;
        }
        return storages;
    }

    @Override
    public SortedMap<String, TorchPickle.TensorRecord> tensors() {
        return tensors;
    }

    @Override
    public long storageBytes(String key) {
        MemorySegment s = storages.get(key);
        return s == null ? -1 : s.byteSize();
    }

    @Override
    public MemorySegment read(String key, long byteOffset, long byteLength) {
        if (!arena.scope().isAlive()) {
            throw new CheckpointException(file, "is closed");
        }
        return storages.get(key).asSlice(byteOffset, byteLength);
    }

    @Override
    public synchronized void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
