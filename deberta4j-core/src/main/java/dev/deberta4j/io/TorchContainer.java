package dev.deberta4j.io;

import java.lang.foreign.MemorySegment;
import java.util.SortedMap;

/** One on-disk layout of a torch checkpoint: its pickled state dict plus access to the storages' bytes. */
interface TorchContainer extends AutoCloseable {

    /** The state dict's tensors by name. */
    SortedMap<String, TorchPickle.TensorRecord> tensors();

    /** Stored bytes of a storage, or -1 if the container has no storage of that key. */
    long storageBytes(String key);

    /** Bytes {@code [byteOffset, byteOffset + byteLength)} of a storage; thread-safe. */
    MemorySegment read(String key, long byteOffset, long byteLength);

    @Override
    void close();
}
