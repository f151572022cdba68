package dev.deberta4j.cli;

import picocli.CommandLine.Option;

/** {@code --truncate}: cut over-long texts instead of failing on them. */
final class TruncateOption {
    @Option(names = "--truncate", description = "Cut texts longer than the model accepts instead of failing.")
    boolean truncate;
}
