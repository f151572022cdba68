package dev.deberta4j.io;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The zip layout {@code torch.save} has used since 1.6: {@code <prefix>/data.pkl} holds the state dict and each
 * storage is the entry {@code <prefix>/data/<key>}. torch stores storages uncompressed, so the archive is
 * memory-mapped and a tensor's bytes are a view of the mapping; a compressed storage (rewritten by some other tool)
 * is read per tensor through {@link ZipFile} instead. Either way only the tensor being read reaches the heap.
 */
final class TorchZipContainer implements TorchContainer {
    /** Largest data.pkl accepted: a state dict's pickle is kilobytes to a few megabytes. */
    private static final long MAX_PICKLE_BYTES = 256L << 20;

    private final Path file;
    private final ZipFile zip;
    private final String prefix;
    private final SortedMap<String, TorchPickle.TensorRecord> tensors;
    private final Arena arena;
    private final MemorySegment mapped;
    private final Map<String, ZipDirectory.Stored> stored;

    private TorchZipContainer(Path file, ZipFile zip, String prefix, SortedMap<String, TorchPickle.TensorRecord> tensors,
                              Arena arena, MemorySegment mapped, Map<String, ZipDirectory.Stored> stored) {
        this.file = file;
        this.zip = zip;
        this.prefix = prefix;
        this.tensors = tensors;
        this.arena = arena;
        this.mapped = mapped;
        this.stored = stored;
    }

    static TorchZipContainer open(Path file) {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new CheckpointException(file, "not a readable zip archive (truncated or corrupt): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read: " + e, e);
        }
        Arena arena = Arena.ofShared();
        try {
            MemorySegment mapped;
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            }
            Map<String, ZipDirectory.Stored> stored = ZipDirectory.storedEntries(file, mapped);
            stored.forEach((name, entry) -> {
                ZipEntry known = zip.getEntry(name);
                if (known == null || known.getSize() != entry.size()) {
                    throw new CheckpointException(file, "corrupt zip archive: entry " + name + " is " + entry.size()
                            + " bytes in the central directory but " + (known == null ? "unknown" : known.getSize())
                            + " to java.util.zip");
                }
            });
            ZipEntry pickle = dataPickle(file, zip);
            String prefix = pickle.getName().substring(0, pickle.getName().length() - "data.pkl".length());
            checkByteOrder(file, zip, prefix);
            if (pickle.getSize() > MAX_PICKLE_BYTES) {
                throw new CheckpointException(file, pickle.getName() + " is " + pickle.getSize()
                        + " bytes, more than the " + MAX_PICKLE_BYTES + " accepted");
            }
            TorchPickle hooks = new TorchPickle(file);
            Object root;
            try (Arena scratch = Arena.ofConfined()) {
                root = new PickleReader(file, inflatePickle(file, zip, pickle, scratch), 0, hooks).load();
            }
            return new TorchZipContainer(file, zip, prefix, hooks.stateDict(root), arena, mapped, stored);
        } catch (IOException e) {
            arena.close();
            closeQuietly(zip);
            throw new CheckpointException(file, "cannot map: " + e, e);
        } catch (RuntimeException e) {
            arena.close();
            closeQuietly(zip);
            throw e;
        }
    }

    /** Exactly one {@code <prefix>/data.pkl}; the prefix is the archive name torch chose (e.g. "archive"). */
    private static ZipEntry dataPickle(Path file, ZipFile zip) {
        List<ZipEntry> found = new ArrayList<>();
        zip.stream().filter(e -> e.getName().endsWith("/data.pkl") && e.getName().indexOf('/') == e.getName().length() - 9)
                .forEach(found::add);
        if (found.size() != 1) {
            throw new CheckpointException(file, "expected one <archive>/data.pkl entry in the zip, found " + found.size()
                    + (found.isEmpty() ? " (not a torch.save archive)" : ""));
        }
        return found.getFirst();
    }

    /** torch 2.1+ records the byte order; older archives are always little-endian. */
    private static void checkByteOrder(Path file, ZipFile zip, String prefix) {
        ZipEntry order = zip.getEntry(prefix + "byteorder");
        if (order != null) {
            String value = new String(readEntry(file, zip, order), StandardCharsets.US_ASCII).strip();
            if (!value.equals("little")) {
                throw new CheckpointException(file, "storages are " + value + "-endian; only little-endian is supported");
            }
        }
    }

    /**
     * Inflates data.pkl off the Java heap (up to {@link #MAX_PICKLE_BYTES}), so a large pickle does not need
     * twice its size in heap while it is read; the segment lives only while the pickle is parsed.
     */
    private static MemorySegment inflatePickle(Path file, ZipFile zip, ZipEntry entry, Arena arena) {
        long capacity = entry.getSize() >= 0 ? Math.min(entry.getSize(), MAX_PICKLE_BYTES) : 1 << 20;
        MemorySegment segment = arena.allocate(Math.max(capacity, 1));
        long length = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = zip.getInputStream(entry)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                if (length + n > MAX_PICKLE_BYTES) {
                    throw new CheckpointException(file, entry.getName() + " inflates to more than " + MAX_PICKLE_BYTES
                            + " bytes");
                }
                if (length + n > segment.byteSize()) {
                    MemorySegment larger = arena.allocate(Math.min(MAX_PICKLE_BYTES, Math.max(length + n, segment.byteSize() * 2)));
                    larger.copyFrom(segment.asSlice(0, length));
                    segment = larger;
                }
                MemorySegment.copy(MemorySegment.ofArray(buffer), 0, segment, length, n);
                length += n;
            }
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read zip entry " + entry.getName() + ": " + e, e);
        }
        return segment.asSlice(0, length);
    }

    /** Reads a small entry, bounded even if its declared size lies (a deflate bomb cannot exhaust the heap). */
    private static byte[] readEntry(Path file, ZipFile zip, ZipEntry entry) {
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes((int) MAX_PICKLE_BYTES + 1);
            if (bytes.length > MAX_PICKLE_BYTES) {
                throw new CheckpointException(file, entry.getName() + " inflates to more than " + MAX_PICKLE_BYTES + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read zip entry " + entry.getName() + ": " + e, e);
        }
    }

    @Override
    public SortedMap<String, TorchPickle.TensorRecord> tensors() {
        return tensors;
    }

    @Override
    public long storageBytes(String key) {
        ZipEntry e = zip.getEntry(prefix + "data/" + key);
        return e == null ? -1 : e.getSize();
    }

    @Override
    public MemorySegment read(String key, long byteOffset, long byteLength) {
        String name = prefix + "data/" + key;
        ZipDirectory.Stored view = stored.get(name);
        if (view != null) {
            if (!arena.scope().isAlive()) {
                throw new CheckpointException(file, "is closed");
            }
            return mapped.asSlice(view.dataOffset() + byteOffset, byteLength);
        }
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new CheckpointException(file, "missing storage entry " + name);
        }
        try (InputStream in = zip.getInputStream(entry)) {
            in.skipNBytes(byteOffset);
            byte[] bytes = in.readNBytes(Math.toIntExact(byteLength));
            if (bytes.length != byteLength) {
                throw new CheckpointException(file, "storage entry " + name + " ended after " + bytes.length
                        + " of " + byteLength + " bytes at offset " + byteOffset);
            }
            return MemorySegment.ofArray(bytes);
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read storage entry " + name + ": " + e, e);
        }
    }

    @Override
    public synchronized void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
        closeQuietly(zip);
    }

    private static void closeQuietly(ZipFile zip) {
        try {
            zip.close();
        } catch (IOException ignored) {
            // nothing was written; a failed close loses nothing
        }
    }
}
