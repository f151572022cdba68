package dev.deberta4j.io;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Set;

/**
 * Read-only named tensors of one checkpoint (one file or a set of shards). Reads are thread-safe; each read
 * converts one tensor, so a checkpoint never has to fit on the heap at once.
 */
public interface TensorSource extends AutoCloseable {

    /** The file (or index) this source reads, for messages. */
    Path path();

    /** Tensor names in sorted order. */
    Set<String> names();

    /** @throws CheckpointException naming the tensor if there is none of that name */
    TensorInfo info(String name);

    boolean contains(String name);

    /**
     * The tensor's elements in row-major order as float32: F32 as stored, F16 and BF16 widened exactly, F64
     * rounded to nearest.
     *
     * @throws CheckpointException for an integer or boolean tensor, or one too large for a Java array
     */
    float[] readFloats(String name);

    /**
     * The tensor's elements in row-major order as longs: I64/I32/I16/I8 sign-extended, U8 zero-extended, BOOL as
     * 0/1.
     *
     * @throws CheckpointException for a floating-point tensor
     */
    long[] readLongs(String name);

    /** A read-only little-endian buffer over the tensor's stored bytes, row-major and contiguous. */
    ByteBuffer readRaw(String name);

    /**
     * Copies the tensor's elements as float32 into dst[0, numel) (as {@link #readFloats}, without allocating), so a
     * loader can stage tensors it repacks through one reused buffer.
     */
    default void readFloats(String name, float[] dst) {
        float[] all = readFloats(name);
        System.arraycopy(all, 0, dst, 0, all.length);
    }

    /**
     * A float32 tensor's stored bytes, little-endian and row-major, mapped from the file into {@code arena}, so the
     * caller uses the tensor in place: the mapping lives as long as the arena, independent of this source, and only
     * the pages read are ever resident. Null when this source cannot map the tensor (not F32, or not a file that
     * can be mapped): read it instead.
     */
    default MemorySegment mapF32(String name, Arena arena) {
        return null;
    }

    /** Releases the mapping or file handles; reads afterwards fail. */
    @Override
    void close();
}
