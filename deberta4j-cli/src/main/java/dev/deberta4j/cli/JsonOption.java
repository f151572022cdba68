package dev.deberta4j.cli;

import picocli.CommandLine.Option;

/** {@code --json}: results as JSON instead of text. */
final class JsonOption {
    @Option(names = "--json", description = "Print JSON instead of text (the text commands: one object per input, JSONL).")
    boolean json;
}
