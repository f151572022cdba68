package dev.deberta4j.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds a {@code .safetensors} file the way Hugging Face's writer lays it out: tensors sorted by dtype in the
 * reference implementation's order (widest first: I64, F64, F32, I32, BF16, F16, I16, I8, U8, BOOL) then by name,
 * packed back to back, and the JSON header padded with spaces so the data section starts on an 8-byte boundary. Together these keep every tensor's absolute offset a multiple of its element size
 * (HF readers refuse gaps between tensors, so they are never padded individually). {@code __metadata__} always
 * holds {@code "format": "pt"}, without which transformers refuses the file. Writes are atomic.
 */
public final class SafetensorsWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Data order of dtypes: the reference writer sorts by its dtype enum, descending. */
    private static final List<DType> DATA_ORDER = List.of(DType.I64, DType.F64, DType.F32, DType.I32, DType.BF16,
            DType.F16, DType.I16, DType.I8, DType.U8, DType.BOOL);

    private record Pending(DType dtype, long[] shape, byte[] bytes) {
    }

    /** Observes each tensor after it is written; package-private so tests can fail a write midway. */
    interface WriteObserver {
        void tensorWritten(String name) throws IOException;
    }

    private final Map<String, String> metadata = new TreeMap<>(Map.of("format", "pt"));
    private final Map<String, Pending> tensors = new TreeMap<>();
    private WriteObserver observer = name -> { };

    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    public SafetensorsWriter addF32(String name, float[] data, long... shape) {
        checkCount(name, data.length, shape);
        ByteBuffer b = buffer(data.length * 4L);
        b.asFloatBuffer().put(data);
        return add(name, DType.F32, shape, b.array());
    }

    /** Stores float16, rounding each value to nearest-even like torch's {@code .half()}. */
    public SafetensorsWriter addF16(String name, float[] data, long... shape) {
        checkCount(name, data.length, shape);
        ByteBuffer b = buffer(data.length * 2L);
        for (float v : data) {
            b.putShort(HalfPrecision.floatToF16(v));
        }
        return add(name, DType.F16, shape, b.array());
    }

    /** Stores bfloat16, rounding each value to nearest-even like torch's {@code .bfloat16()}. */
    public SafetensorsWriter addBF16(String name, float[] data, long... shape) {
        checkCount(name, data.length, shape);
        ByteBuffer b = buffer(data.length * 2L);
        for (float v : data) {
            b.putShort(HalfPrecision.floatToBf16(v));
        }
        return add(name, DType.BF16, shape, b.array());
    }

    public SafetensorsWriter addI64(String name, long[] data, long... shape) {
        checkCount(name, data.length, shape);
        ByteBuffer b = buffer(data.length * 8L);
        b.asLongBuffer().put(data);
        return add(name, DType.I64, shape, b.array());
    }

    /** Adds already-encoded little-endian bytes of any dtype; the length must match dtype and shape. */
    public SafetensorsWriter addRaw(String name, DType dtype, byte[] littleEndian, long... shape) {
        long expected = Math.multiplyExact(TensorInfo.numel(checkShape(name, shape)), (long) dtype.byteSize());
        if (littleEndian.length != expected) {
            throw new IllegalArgumentException("tensor " + name + ": " + dtype + " " + Arrays.toString(shape)
                    + " needs " + expected + " bytes, got " + littleEndian.length);
        }
        return add(name, dtype, shape, littleEndian.clone());
    }

    SafetensorsWriter observer(WriteObserver observer) {
        this.observer = observer;
        return this;
    }

    /**
     * Writes the file atomically: into a temporary file in the same directory, forced to disk, then renamed over
     * {@code file}. If anything fails, {@code file} is left as it was and the temporary file is removed.
     */
    public void write(Path file) {
        List<Map.Entry<String, Pending>> order = new ArrayList<>(tensors.entrySet());
        order.sort(Comparator.comparingInt((Map.Entry<String, Pending> e) -> DATA_ORDER.indexOf(e.getValue().dtype()))
                .thenComparing(Map.Entry::getKey));
        byte[] header = header(order);
        Path dir = file.toAbsolutePath().getParent();
        Path temp = null;
        try {
            // not Files.createTempFile: its 0600 would stay on the renamed file; a plain create gets 0666 minus umask
            temp = dir.resolve("." + file.getFileName() + "." + Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                writeFully(out, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length));
                writeFully(out, ByteBuffer.wrap(header));
                for (Map.Entry<String, Pending> e : order) {
                    writeFully(out, ByteBuffer.wrap(e.getValue().bytes()));
                    observer.tensorWritten(e.getKey());
                }
                out.force(true);
            }
            moveAtomically(temp, file);
            temp = null;
            syncDirectory(dir);
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot write: " + IoErrors.reason(e), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the original failure is what the caller needs to see
                }
            }
        }
    }

    /**
     * Writes the tensors as transformers' {@code save_pretrained(max_shard_size=...)} lays them out: {@code file}
     * alone when they fit in {@code maxShardBytes}; otherwise shards {@code NAME-00001-of-0000N.safetensors} beside
     * it (tensors in name order, a new shard whenever the next tensor would overflow the current one; a tensor
     * larger than the limit gets a shard of its own) and then {@code NAME.safetensors.index.json}. Each file is
     * written atomically; whichever of {@code file} and the index the other form left behind is removed last, so
     * a reader never finds both. Keeps every file under a repository's size limit (no Git LFS).
     *
     * @return the files written, the index last
     */
    public List<Path> writeSharded(Path file, long maxShardBytes) {
        if (maxShardBytes < 1) throw new IllegalArgumentException("max shard size must be >= 1 byte, found " + maxShardBytes);
        String fileName = file.getFileName().toString();
        if (!fileName.endsWith(".safetensors")) {
            throw new IllegalArgumentException(file + ": expected a name ending in .safetensors");
        }
        String stem = fileName.substring(0, fileName.length() - ".safetensors".length());
        Path index = file.resolveSibling(fileName + ".index.json");
        List<List<Map.Entry<String, Pending>>> shards = new ArrayList<>();
        long size = maxShardBytes;
        for (Map.Entry<String, Pending> e : tensors.entrySet()) {
            long bytes = e.getValue().bytes().length;
            if (size + bytes > maxShardBytes && size > 0) {
                shards.add(new ArrayList<>());
                size = 0;
            }
            shards.getLast().add(e);
            size += bytes;
        }
        try {
            if (shards.size() <= 1) {
                write(file);
                Files.deleteIfExists(index);
                return List.of(file);
            }
            List<Path> written = new ArrayList<>();
            ObjectNode root = JSON.createObjectNode();
            long total = 0;
            ObjectNode weightMap = JSON.createObjectNode();
            for (int k = 0; k < shards.size(); k++) {
                String shardName = String.format("%s-%05d-of-%05d.safetensors", stem, k + 1, shards.size());
                SafetensorsWriter shard = new SafetensorsWriter();
                shard.metadata.putAll(metadata);
                for (Map.Entry<String, Pending> e : shards.get(k)) {
                    shard.tensors.put(e.getKey(), e.getValue());
                    weightMap.put(e.getKey(), shardName);
                    total += e.getValue().bytes().length;
                }
                shard.observer = observer;
                Path shardFile = file.resolveSibling(shardName);
                shard.write(shardFile);
                written.add(shardFile);
            }
            root.putObject("metadata").put("total_size", total);
            root.set("weight_map", weightMap);
            Path temp = index.resolveSibling("." + index.getFileName() + ".tmp");
            Files.writeString(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
            moveAtomically(temp, index);
            syncDirectory(index.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
            written.add(index);
            return written;
        } catch (IOException e) {
            throw new CheckpointException(index, "cannot write: " + IoErrors.reason(e), e);
        }
    }

    private byte[] header(List<Map.Entry<String, Pending>> order) {
        ObjectNode root = JSON.createObjectNode();
        long offset = 0;
        for (Map.Entry<String, Pending> e : order) {
            ObjectNode t = root.putObject(e.getKey());
            t.put("dtype", e.getValue().dtype().safetensorsCode());
            ArrayNode shape = t.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            long end = offset + e.getValue().bytes().length;
            t.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        ObjectNode meta = root.putObject(SafetensorsHeader.METADATA_KEY);   // last, as HF's writer puts it
        metadata.forEach(meta::put);
        byte[] json = root.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] header = Arrays.copyOf(json, padded);
        Arrays.fill(header, json.length, padded, (byte) ' ');
        return header;
    }

    private static void moveAtomically(Path temp, Path file) throws IOException {
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system cannot rename atomically within " + file.getParent(), e);
        }
    }

    /** Makes the rename itself durable; best effort, since not every platform can open a directory. */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // the data is already forced; only the directory entry's durability is at stake
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            out.write(b);
        }
    }

    private SafetensorsWriter add(String name, DType dtype, long[] shape, byte[] bytes) {
        if (name.equals(SafetensorsHeader.METADATA_KEY)) {
            throw new IllegalArgumentException("tensor name " + name + " is reserved for metadata");
        }
        if (tensors.putIfAbsent(name, new Pending(dtype, shape.clone(), bytes)) != null) {
            throw new IllegalArgumentException("tensor " + name + " was already added");
        }
        return this;
    }

    private static void checkCount(String name, int length, long[] shape) {
        long numel = TensorInfo.numel(checkShape(name, shape));
        if (numel != length) {
            throw new IllegalArgumentException("tensor " + name + ": shape " + Arrays.toString(shape) + " has "
                    + numel + " elements, data has " + length);
        }
    }

    private static long[] checkShape(String name, long[] shape) {
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor " + name + ": negative dimension in shape " + Arrays.toString(shape));
            }
        }
        return shape;
    }

    private static ByteBuffer buffer(long size) {
        return ByteBuffer.allocate(Math.toIntExact(size)).order(ByteOrder.LITTLE_ENDIAN);
    }
}
