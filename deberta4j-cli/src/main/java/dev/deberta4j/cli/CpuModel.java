package dev.deberta4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The CPU's model name, so every speed figure says which machine gave it. */
final class CpuModel {
    private CpuModel() {}

    /** /proc/cpuinfo's "model name" on Linux, else the JVM's os.arch (other systems have no such file). */
    static String name() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try (Stream<String> lines = Files.lines(cpuinfo)) {
                String found = lines.filter(l -> l.startsWith("model name")).findFirst()
                        .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(null);
                if (found != null && !found.isEmpty()) {
                    return found;
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                // fall through to the architecture name
            }
        }
        return System.getProperty("os.arch");
    }
}
