package dev.deberta4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code deberta4j data}: the benchmark tasks' data files, where they come from and fetching them. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Benchmark data (nsmc, paws, kornli, korsts, question_pair): list what each task needs "
                + "and fetch it from its pinned canonical source.",
        subcommands = {DataListCommand.class, DataFetchCommand.class})
public final class DataCommand implements Runnable {

    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
