package dev.deberta4j.benchmark.source;

import java.nio.file.Path;

/** One file {@link DataFetcher} handled: where it now is, and whether it was downloaded or already there. */
public record FetchedFile(TaskSource task, SourceFile file, Path path, boolean downloaded) { }
