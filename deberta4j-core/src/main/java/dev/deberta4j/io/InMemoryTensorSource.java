package dev.deberta4j.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Float32 (and int64) tensors held in memory: freshly initialised models, tests, conversions. */
public final class InMemoryTensorSource implements TensorSource {
    private record Stored(TensorInfo info, float[] floats, long[] longs) {
    }

    private final Path path;
    private final Map<String, Stored> tensors = new TreeMap<>();

    public InMemoryTensorSource(Path pathForMessages) {
        this.path = pathForMessages;
    }

    public InMemoryTensorSource putFloats(String name, float[] data, long... shape) {
        checkCount(name, data.length, shape);
        tensors.put(name, new Stored(new TensorInfo(name, DType.F32, shape), data, null));
        return this;
    }

    public InMemoryTensorSource putLongs(String name, long[] data, long... shape) {
        checkCount(name, data.length, shape);
        tensors.put(name, new Stored(new TensorInfo(name, DType.I64, shape), null, data));
        return this;
    }

    private static void checkCount(String name, int n, long[] shape) {
        long expected = 1;
        for (long d : shape) expected *= d;
        if (expected != n) {
            throw new IllegalArgumentException(name + ": shape " + java.util.Arrays.toString(shape) + " needs "
                    + expected + " values, found " + n);
        }
    }

    private Stored get(String name) {
        Stored s = tensors.get(name);
        if (s == null) throw new CheckpointException(path, "no tensor named " + name);
        return s;
    }

    @Override public Path path() { return path; }

    @Override public Set<String> names() { return Collections.unmodifiableSet(tensors.keySet()); }

    @Override public TensorInfo info(String name) { return get(name).info(); }

    @Override public boolean contains(String name) { return tensors.containsKey(name); }

    @Override
    public float[] readFloats(String name) {
        Stored s = get(name);
        if (s.floats() == null) throw new CheckpointException(path, name + " is " + s.info().dtype() + ", not a float tensor");
        return s.floats().clone();
    }

    @Override
    public long[] readLongs(String name) {
        Stored s = get(name);
        if (s.longs() == null) throw new CheckpointException(path, name + " is " + s.info().dtype() + ", not an integer tensor");
        return s.longs().clone();
    }

    @Override
    public ByteBuffer readRaw(String name) {
        Stored s = get(name);
        ByteBuffer b;
        if (s.floats() != null) {
            b = ByteBuffer.allocate(s.floats().length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(s.floats());
        } else {
            b = ByteBuffer.allocate(s.longs().length * 8).order(ByteOrder.LITTLE_ENDIAN);
            b.asLongBuffer().put(s.longs());
        }
        return b.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override public void close() { }
}
