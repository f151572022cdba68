package dev.deberta4j.hub;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Exclusive right to download one blob, across threads and processes, on huggingface_hub's lock file
 * ({@code .locks/models--org--name/{etag}.lock}), so Python and Java downloaders also exclude each other.
 * A {@link FileLock} is held per JVM, not per thread (a second lock attempt in the same JVM throws), so threads
 * first queue on an in-process semaphore per lock path.
 */
final class BlobLock implements AutoCloseable {

    private static final ConcurrentHashMap<Path, Semaphore> IN_PROCESS = new ConcurrentHashMap<>();

    private final Semaphore threadGate;
    private final FileChannel channel;
    private final FileLock fileLock;

    private BlobLock(Semaphore threadGate, FileChannel channel, FileLock fileLock) {
        this.threadGate = threadGate;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /** Blocks until this thread holds the lock on {@code lockFile} (created if missing; left in place after). */
    static BlobLock acquire(Path lockFile) throws IOException {
        Path key = lockFile.toAbsolutePath().normalize();
        Semaphore gate = IN_PROCESS.computeIfAbsent(key, k -> new Semaphore(1));
        gate.acquireUninterruptibly();
        FileChannel channel = null;
        try {
            Files.createDirectories(key.getParent());
            channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new BlobLock(gate, channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            gate.release();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            fileLock.release();
            channel.close();
        } finally {
            threadGate.release();
        }
    }
}
