package dev.deberta4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code deberta4j} command: one subcommand per capability. */
@Command(name = "deberta4j", mixinStandardHelpOptions = true, version = "deberta4j 0.1.0",
        description = "Pure-JVM DeBERTa-V2/V3: load Hugging Face checkpoints, tokenize, infer, train.",
        subcommands = {CommandLine.HelpCommand.class,
                InfoCommand.class, InferCommand.class, BenchCommand.class, EstimateMemoryCommand.class,
                DownloadCommand.class, DataCommand.class, CheckpointCommand.class, TokenizeCommand.class,
                ConvertTokenizerCommand.class, ClassifyCommand.class, EmbedCommand.class, FillMaskCommand.class,
                NerCommand.class, QaCommand.class, QuantizeCommand.class,
                InitCommand.class, FinetuneCommand.class, EvaluateCommand.class, BenchTrainCommand.class,
                BenchmarkCommand.class, dev.deberta4j.serve.ServeCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() { spec.commandLine().usage(System.out); }

    public static void main(String[] args) {
        // One line per library warning (e.g. unused checkpoint weights), as transformers prints them.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s: %5$s%6$s%n");
        }
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }
}
