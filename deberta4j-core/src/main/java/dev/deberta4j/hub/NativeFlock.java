package dev.deberta4j.hub;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.Locale;

/**
 * BSD {@code flock(2)} through the FFM API, the lock Python's {@code filelock} (and so huggingface_hub) takes on
 * Linux and macOS. Java's {@link java.nio.channels.FileLock} uses POSIX record locks, which on Linux do not
 * exclude {@code flock} holders at all, so without this a Java and a Python downloader could write one blob at once.
 * {@code flock} locks belong to an open file description: they also exclude each other within one JVM.
 */
final class NativeFlock {

    // The same values on Linux and macOS.
    private static final int O_RDWR = 2;
    private static final int LOCK_EX = 2;
    private static final int EINTR = 4;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle OPEN;
    private static final MethodHandle FLOCK;
    private static final MethodHandle CLOSE;
    private static final VarHandle ERRNO;

    static {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        boolean posix = os.contains("linux") || os.contains("mac");
        SymbolLookup libc = LINKER.defaultLookup();
        Linker.Option errno = Linker.Option.captureCallState("errno");
        if (posix && libc.find("flock").isPresent()) {
            // open(2) is variadic; called with its two fixed arguments only, no variadic slot is involved.
            OPEN = downcall(libc, "open", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                    ValueLayout.JAVA_INT), errno);
            FLOCK = downcall(libc, "flock", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT), errno);
            CLOSE = downcall(libc, "close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), errno);
            ERRNO = Linker.Option.captureStateLayout().varHandle(
                    java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
        } else {
            OPEN = null;
            FLOCK = null;
            CLOSE = null;
            ERRNO = null;
        }
    }

    private NativeFlock() { }

    /** Whether this platform has {@code flock} (Linux, macOS); elsewhere callers use {@code FileChannel.lock}. */
    static boolean available() {
        return FLOCK != null;
    }

    /**
     * Opens the existing file {@code lockFile} and blocks until it holds an exclusive {@code flock} on it.
     *
     * @return the file descriptor, to pass to {@link #release}
     */
    static int lockExclusive(Path lockFile) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(lockFile.toString()), O_RDWR);
            if (fd < 0) {
                throw new IOException("cannot open lock file " + lockFile + " (errno " + errno(state) + ")");
            }
            int rc;
            do {
                rc = (int) FLOCK.invokeExact(state, fd, LOCK_EX);
            } while (rc != 0 && errno(state) == EINTR);
            if (rc != 0) {
                int error = errno(state);
                int ignored = (int) CLOSE.invokeExact(state, fd);
                throw new IOException("cannot lock " + lockFile + " with flock (errno " + error + ")");
            }
            return fd;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("native flock call failed", t);
        }
    }

    /** Closes {@code fd}, which drops its {@code flock}. */
    static void release(int fd) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            if ((int) CLOSE.invokeExact(state, fd) != 0) {
                throw new IOException("closing lock file descriptor " + fd + " failed (errno " + errno(state) + ")");
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("native close call failed", t);
        }
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    private static MethodHandle downcall(SymbolLookup libc, String name, FunctionDescriptor descriptor,
            Linker.Option option) {
        return LINKER.downcallHandle(libc.find(name).orElseThrow(), descriptor, option);
    }
}
