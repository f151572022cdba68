package dev.deberta4j.kernels;

/**
 * The vector width of the GEMM kernel, chosen once at start-up, and why ({@link Gemm#vectorChoice()}).
 *
 * <p>Rule: {@code -Ddeberta4j.vectorBits=256|512} forces a width ({@code widest}: the JVM's preferred width);
 * otherwise the JVM's preferred width, 512 bits where the CPU has AVX-512. AMD Zen 4 executes each 512-bit operation
 * as two 256-bit halves, and with 6-row tiles its 256-bit kernel was the faster one; with the 8-row tiles that
 * AVX-512's 32 registers allow at either width it is not: on an EPYC Zen 4, quiet, the base model at 1x16 in 20 fresh
 * processes per width gave 693 tokens/s (512) against 625 (256), and the xsmall shapes split between the widths
 * within ±7 % (docs/engine-speed.md). So no CPU gets an exception.
 */
final class VectorWidth {
    static final String PROPERTY = "deberta4j.vectorBits";

    /** A width and the reason it was chosen, as {@code speed --json} records it. */
    record Choice(int bits, String reason) {}

    private VectorWidth() {}

    /** The choice for this JVM: the property and the JVM's preferred width. */
    static Choice detect(int preferredBits) {
        return choose(System.getProperty(PROPERTY), preferredBits);
    }

    /** The rule, from the property's value (null when unset) and the JVM's preferred vector width in bits. */
    static Choice choose(String forced, int preferredBits) {
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
        return new Choice(widest, "the CPU's widest vectors");
    }
}
