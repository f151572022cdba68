package dev.deberta4j.cli;

import dev.deberta4j.concurrent.ThreadPool;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --threads N}: the worker threads of the shared compute pool (default: all cores). */
final class ThreadsOption {
    @Spec(Spec.Target.MIXEE) CommandSpec command;

    private Integer threads;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
    void threads(int value) {
        if (value < 1) throw new ParameterException(command.commandLine(), "--threads must be at least 1, found " + value);
        threads = value;
    }

    /** Sizes the shared pool to --threads when given; its thread count. */
    int applyToSharedPool() {
        if (threads != null) ThreadPool.setSharedThreads(threads);
        return ThreadPool.shared().threads();
    }
}
