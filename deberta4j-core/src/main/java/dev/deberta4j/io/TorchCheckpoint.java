package dev.deberta4j.io;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A {@code pytorch_model.bin} written by {@code torch.save(state_dict)}: the zip layout (torch 1.6+) or the legacy
 * pickle layout. The pickle is read by a restricted unpickler that only knows tensor storage records (see
 * {@link TorchPickle}); nothing in the file is ever executed. Tensors are strided views of storages: contiguous
 * views are read directly, others are gathered into row-major order.
 */
public final class TorchCheckpoint implements TensorSource {
    private final Path file;
    private final TorchContainer container;
    private final SortedMap<String, TensorInfo> infos;

    private TorchCheckpoint(Path file, TorchContainer container, SortedMap<String, TensorInfo> infos) {
        this.file = file;
        this.container = container;
        this.infos = infos;
    }

    /** Opens either layout, recognised by its first bytes. @throws CheckpointException if unreadable or refused */
    public static TorchCheckpoint open(Path pytorchModelBin) {
        byte[] head = firstBytes(pytorchModelBin, 4);
        TorchContainer container;
        if (head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            container = TorchZipContainer.open(pytorchModelBin);
        } else if (head.length >= 2 && (head[0] & 0xFF) == 0x80 && head[1] >= 2) {
            container = TorchLegacyContainer.open(pytorchModelBin);
        } else {
            throw new CheckpointException(pytorchModelBin, "not a torch checkpoint: expected a zip archive (PK\\3\\4) or a"
                    + " pickle (0x80 0x02), found " + (head.length == 0 ? "an empty file" : "bytes "
                    + HexFormat.ofDelimiter(" ").formatHex(head)));
        }
        try {
            SortedMap<String, TensorInfo> infos = new TreeMap<>();
            container.tensors().forEach((name, t) -> infos.put(name, validate(pytorchModelBin, container, name, t)));
            return new TorchCheckpoint(pytorchModelBin, container, Collections.unmodifiableSortedMap(infos));
        } catch (RuntimeException e) {
            container.close();
            throw e;
        }
    }

    private static byte[] firstBytes(Path file, int n) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(n);
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read: " + e, e);
        }
    }

    /** Checks that every element the view can reach lies inside its storage, as stored. */
    private static TensorInfo validate(Path file, TorchContainer container, String name, TorchPickle.TensorRecord t) {
        TorchPickle.StorageRef s = t.storage();
        long stored = container.storageBytes(s.key());
        if (stored < 0) {
            throw new CheckpointException(file, "tensor " + name + ": storage " + s.key() + " is missing");
        }
        try {
            long declared = Math.multiplyExact(s.numel(), (long) s.dtype().byteSize());
            if (stored != declared) {
                throw new CheckpointException(file, "tensor " + name + ": storage " + s.key() + " holds " + stored
                        + " bytes, but " + s.dtype() + "[" + s.numel() + "] needs " + declared);
            }
            TensorInfo info = new TensorInfo(name, s.dtype(), t.shape());
            if (info.byteLength() > 0) {
                long last = Math.addExact(s.viewOffset(), t.offset());
                for (int d = 0; d < t.shape().length; d++) {
                    last = Math.addExact(last, Math.multiplyExact(t.shape()[d] - 1, t.stride()[d]));
                }
                if (last >= s.numel()) {
                    throw new CheckpointException(file, "tensor " + name + ": view (offset " + t.offset() + ", size "
                            + Arrays.toString(t.shape()) + ", stride " + Arrays.toString(t.stride()) + ") reaches element "
                            + last + " of storage " + s.key() + ", which has " + s.numel());
                }
            }
            return info;
        } catch (ArithmeticException e) {
            throw new CheckpointException(file, "tensor " + name + ": size " + Arrays.toString(t.shape()) + ", stride "
                    + Arrays.toString(t.stride()) + " or storage size " + s.numel() + " overflows 64 bits");
        }
    }

    @Override
    public Path path() {
        return file;
    }

    @Override
    public Set<String> names() {
        return infos.keySet();
    }

    @Override
    public TensorInfo info(String name) {
        TensorInfo info = infos.get(name);
        if (info == null) {
            throw new CheckpointException(file, "no tensor named \"" + name + "\" (" + infos.size() + " tensors)");
        }
        return info;
    }

    @Override
    public boolean contains(String name) {
        return infos.containsKey(name);
    }

    @Override
    public float[] readFloats(String name) {
        return TensorDecoder.toFloats(file, info(name), rowMajorBytes(name));
    }

    @Override
    public long[] readLongs(String name) {
        return TensorDecoder.toLongs(file, info(name), rowMajorBytes(name));
    }

    @Override
    public ByteBuffer readRaw(String name) {
        return TensorDecoder.toBuffer(file, info(name), rowMajorBytes(name));
    }

    @Override
    public void close() {
        container.close();
    }

    /** The tensor's bytes in row-major order: a direct read when the view is contiguous, else a gather. */
    private MemorySegment rowMajorBytes(String name) {
        TensorInfo info = info(name);
        TorchPickle.TensorRecord t = container.tensors().get(name);
        int size = info.dtype().byteSize();
        long first = t.storage().viewOffset() + t.offset();
        if (info.numel() == 0) {
            return MemorySegment.ofArray(new byte[0]);
        }
        if (isContiguous(t.shape(), t.stride())) {
            return container.read(t.storage().key(), first * size, info.byteLength());
        }
        long span = 1;
        for (int d = 0; d < t.shape().length; d++) {
            span += (t.shape()[d] - 1) * t.stride()[d];
        }
        MemorySegment source = container.read(t.storage().key(), first * size, span * size);
        MemorySegment out = MemorySegment.ofArray(new byte[Math.toIntExact(info.byteLength())]);
        gather(source, out, t.shape(), t.stride(), size);
        return out;
    }

    /** Row-major contiguity; dimensions of size 1 may carry any stride, as in torch. */
    static boolean isContiguous(long[] shape, long[] stride) {
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    /** Copies a strided view element by element into row-major order (an odometer over the indices). */
    private static void gather(MemorySegment source, MemorySegment out, long[] shape, long[] stride, int size) {
        int rank = shape.length;
        long[] index = new long[rank];
        long numel = out.byteSize() / size;
        long from = 0;
        for (long i = 0; i < numel; i++) {
            MemorySegment.copy(source, ValueLayout.JAVA_BYTE, from * size, out, ValueLayout.JAVA_BYTE, i * size, size);
            for (int d = rank - 1; d >= 0; d--) {
                if (++index[d] < shape[d]) {
                    from += stride[d];
                    break;
                }
                from -= (shape[d] - 1) * stride[d];
                index[d] = 0;
            }
        }
    }

    @Override
    public String toString() {
        return "TorchCheckpoint[" + file + ", " + infos.size() + " tensors]";
    }
}
