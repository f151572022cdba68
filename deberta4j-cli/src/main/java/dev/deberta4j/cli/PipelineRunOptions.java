package dev.deberta4j.cli;

import dev.deberta4j.pipeline.PipelineOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options every pipeline command shares: where inputs come from, how they are batched, how results are printed. */
final class PipelineRunOptions {
    @Option(names = "--input", paramLabel = "FILE",
            description = "Read inputs from a file (- reads standard input): one text per line, or JSONL objects (see the "
                    + "command's fields; a *.jsonl file or one whose first line starts with '{' must be all JSON).")
    Path input;

    @Mixin JsonOption format;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32",
            description = "Texts per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--no-length-sort",
            description = "Batch inputs in file order instead of grouping texts of similar length (slower).")
    boolean noLengthSort;

    boolean json() {
        return format.json;
    }

    PipelineOptions pipelineOptions(boolean truncate) {
        return new PipelineOptions(batchSize, !noLengthSort, truncate);
    }

    /** Inputs per pipeline call: enough for good length-sorted batches, few enough for a lively progress bar. */
    int chunkSize() {
        return batchSize * 8;
    }
}
