package dev.deberta4j.hub;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Exclusive right to download one blob, across threads and processes, on huggingface_hub's lock file
 * ({@code .locks/models--org--name/{etag}.lock}). Where the platform has {@code flock} (Linux, macOS) it takes the
 * same kind of lock as Python's {@code filelock}, so Java and Python downloaders exclude each other too; elsewhere
 * it falls back to {@link FileChannel#lock()}. Threads of one JVM first queue on an in-process semaphore per lock
 * path, since a {@link FileLock} is held per JVM, not per thread.
 */
final class BlobLock implements AutoCloseable {

    private static final ConcurrentHashMap<Path, Semaphore> IN_PROCESS = new ConcurrentHashMap<>();

    private final Semaphore threadGate;
    private final int flockFd;         // >= 0 when held with flock
    private final FileChannel channel; // non-null when held with FileChannel.lock

    private BlobLock(Semaphore threadGate, int flockFd, FileChannel channel) {
        this.threadGate = threadGate;
        this.flockFd = flockFd;
        this.channel = channel;
    }

    /** Blocks until this thread holds the lock on {@code lockFile} (created if missing; left in place after). */
    static BlobLock acquire(Path lockFile) throws IOException {
        Path key = lockFile.toAbsolutePath().normalize();
        Semaphore gate = IN_PROCESS.computeIfAbsent(key, k -> new Semaphore(1));
        gate.acquireUninterruptibly();
        try {
            Files.createDirectories(key.getParent());
            createIfMissing(key);
            if (NativeFlock.available()) {
                return new BlobLock(gate, NativeFlock.lockExclusive(key), null);
            }
            FileChannel channel = FileChannel.open(key, StandardOpenOption.WRITE);
            try {
                channel.lock(); // released by closing the channel
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            return new BlobLock(gate, -1, channel);
        } catch (IOException | RuntimeException e) {
            gate.release();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (channel != null) {
                channel.close();
            } else {
                NativeFlock.release(flockFd);
            }
        } finally {
            threadGate.release();
        }
    }

    private static void createIfMissing(Path file) throws IOException {
        try {
            Files.createFile(file);
        } catch (FileAlreadyExistsException alreadyThere) {
            // another downloader made it first: the file is only a lock handle
        }
    }
}
