package dev.deberta4j.kernels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The vector width of the GEMM kernel, chosen once at start-up, and why ({@link Gemm#vectorChoice()}).
 *
 * <p>Rule: {@code -Ddeberta4j.vectorBits=256|512} forces a width ({@code widest}: the JVM's preferred width, the
 * rule below aside); otherwise 512 bits where the JVM prefers 512-bit vectors (AVX-512), except on AMD CPU family
 * 25 (Zen 3/Zen 4; only Zen 4 has AVX-512), which executes each 512-bit operation as two 256-bit halves: there the
 * 256-bit kernel (16-column panels, KC = 384) was as fast or faster in the same run on an EPYC Zen 4, 2 threads,
 * xsmall forward tok/s 512 vs 256: 1x16 1,302 vs 1,750, 1x128 2,092 vs 2,549, 8x128 2,293 vs 2,808, 32x128 2,605
 * vs 2,581, 1x512 2,144 vs 2,032 (docs/engine-speed.md). Zen 5 (family 26) has full-width 512-bit units and keeps
 * 512 bits.
 */
final class VectorWidth {
    static final String PROPERTY = "deberta4j.vectorBits";

    /** A width and the reason it was chosen, as {@code speed --json} records it. */
    record Choice(int bits, String reason) {}

    private VectorWidth() {}

    /** The choice for this JVM: the property, the JVM's preferred width and /proc/cpuinfo (Linux). */
    static Choice detect(int preferredBits) {
        return choose(System.getProperty(PROPERTY), preferredBits, cpuInfo());
    }

    /**
     * The rule, from the property's value (null when unset), the JVM's preferred vector width in bits and the lines
     * of /proc/cpuinfo (empty where there is none).
     */
    static Choice choose(String forced, int preferredBits, List<String> cpuInfo) {
        int widest = preferredBits >= 512 ? 512 : 256;
        if (forced != null) {
            return switch (forced.trim()) {
                case "256" -> new Choice(256, "forced by -D" + PROPERTY + "=256");
                case "512" -> new Choice(512, "forced by -D" + PROPERTY + "=512");
                case "widest" -> new Choice(widest, "forced by -D" + PROPERTY + "=widest (the JVM's preferred width)");
                default -> throw new IllegalArgumentException(
                        "system property " + PROPERTY + " must be 256, 512 or widest, found '" + forced + "'");
            };
        }
        if (widest == 256) {
            return new Choice(256, "the CPU's widest vectors");
        }
        if ("AuthenticAMD".equals(field(cpuInfo, "vendor_id")) && "25".equals(field(cpuInfo, "cpu family"))) {
            return new Choice(256, "AMD family 25 (Zen 4) executes 512-bit vectors as two 256-bit halves");
        }
        return new Choice(512, "the CPU's widest vectors");
    }

    /** The value of the first "name : value" line of /proc/cpuinfo with that name, or null. */
    private static String field(List<String> cpuInfo, String name) {
        for (String line : cpuInfo) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static List<String> cpuInfo() {
        Path path = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(path)) {
            return List.of();
        }
        try (var lines = Files.lines(path)) {
            return lines.limit(64).toList();   // the first processor's block names vendor and family
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }
}
