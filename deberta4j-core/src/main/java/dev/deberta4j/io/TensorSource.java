package dev.deberta4j.io;

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

    /** Releases the mapping or file handles; reads afterwards fail. */
    @Override
    void close();
}
