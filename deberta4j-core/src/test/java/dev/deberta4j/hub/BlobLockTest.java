package dev.deberta4j.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobLockTest {

    static final boolean ON_LINUX_WITH_FLOCK_TOOL = System.getProperty("os.name").startsWith("Linux")
            && Files.isExecutable(Path.of("/usr/bin/flock"));

    @TempDir Path dir;

    /**
     * The {@code flock} tool takes the same lock as Python's filelock (huggingface_hub): while it holds the lock file,
     * a Java downloader must wait.
     */
    @Test
    void waitsForAnotherProgramHoldingTheLockWithFlock() throws Exception {
        assumeTrue(ON_LINUX_WITH_FLOCK_TOOL, "needs Linux and the util-linux flock tool");
        Path lock = dir.resolve(".locks/models--a--b/abc.lock");
        Files.createDirectories(lock.getParent());
        Path released = dir.resolve("released");
        Process holder = new ProcessBuilder("/usr/bin/flock", lock.toString(), "-c",
                "echo locked; sleep 1; touch '" + released + "'").start();
        try {
            var out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");

            try (BlobLock ignored = BlobLock.acquire(lock)) {
                assertThat(released).as("lock granted only after the other program let go").exists();
            }
            assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void anotherProgramWaitsWhileJavaHoldsTheLock() throws Exception {
        assumeTrue(ON_LINUX_WITH_FLOCK_TOOL, "needs Linux and the util-linux flock tool");
        Path lock = dir.resolve("blob.lock");
        try (BlobLock ignored = BlobLock.acquire(lock)) {
            // -n: fail at once (exit 1) instead of waiting when the lock is taken.
            Process probe = new ProcessBuilder("/usr/bin/flock", "-n", lock.toString(), "true").start();
            assertThat(probe.waitFor()).isEqualTo(1);
        }
        Process probe = new ProcessBuilder("/usr/bin/flock", "-n", lock.toString(), "true").start();
        assertThat(probe.waitFor()).isZero();
    }

    @Test
    void threadsOfOneJvmTakeTurns() throws Exception {
        Path lock = dir.resolve("t.lock");
        StringBuffer order = new StringBuffer();
        Thread second;
        try (BlobLock ignored = BlobLock.acquire(lock)) {
            second = Thread.ofPlatform().start(() -> {
                try (BlobLock alsoIgnored = BlobLock.acquire(lock)) {
                    order.append("second");
                } catch (Exception e) {
                    order.append(e);
                }
            });
            second.join(300);
            order.append("first,");
        }
        second.join();
        assertThat(order.toString()).isEqualTo("first,second");
    }
}
