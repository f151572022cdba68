package dev.deberta4j.cli;

import dev.deberta4j.io.IoErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code deberta4j} command: one subcommand per capability. Every failure ends the same way: one line
 * {@code deberta4j COMMAND: MESSAGE} on stderr and exit code 1 (2 for a usage error), the stack trace only with
 * {@code --verbose} or {@code DEBERTA4J_VERBOSE=1}.
 */
@Command(name = "deberta4j", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = "Pure-JVM DeBERTa-V2/V3: load Hugging Face checkpoints, tokenize, infer, train.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:failure (bad input, model or file; the message says which)",
                "2:usage error (unknown option, missing or bad option value)"})
public final class Main implements Runnable {
    static final String VERSION = "deberta4j 0.1.0";

    /**
     * The subcommands, in help order. They are registered with picocli only when needed (building the model of
     * every command from its annotations took about a second of CPU before the JIT warms up): a run of one
     * command registers that command alone.
     */
    private static final Map<String, Class<?>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("info", InfoCommand.class);
        COMMANDS.put("infer", InferCommand.class);
        COMMANDS.put("bench", BenchCommand.class);
        COMMANDS.put("estimate-memory", EstimateMemoryCommand.class);
        COMMANDS.put("download", DownloadCommand.class);
        COMMANDS.put("data", DataCommand.class);
        COMMANDS.put("checkpoint", CheckpointCommand.class);
        COMMANDS.put("tokenize", TokenizeCommand.class);
        COMMANDS.put("convert-tokenizer", ConvertTokenizerCommand.class);
        COMMANDS.put("train-tokenizer", TrainTokenizerCommand.class);
        COMMANDS.put("classify", ClassifyCommand.class);
        COMMANDS.put("embed", EmbedCommand.class);
        COMMANDS.put("fill-mask", FillMaskCommand.class);
        COMMANDS.put("ner", NerCommand.class);
        COMMANDS.put("qa", QaCommand.class);
        COMMANDS.put("quantize", QuantizeCommand.class);
        COMMANDS.put("init", InitCommand.class);
        COMMANDS.put("finetune", FinetuneCommand.class);
        COMMANDS.put("pretrain", PretrainCommand.class);
        COMMANDS.put("evaluate", EvaluateCommand.class);
        COMMANDS.put("bench-train", BenchTrainCommand.class);
        COMMANDS.put("benchmark", BenchmarkCommand.class);
        COMMANDS.put("serve", dev.deberta4j.serve.ServeCommand.class);
    }

    static final String VERBOSE_ENV = "DEBERTA4J_VERBOSE";
    static final int FAILURE = 1;
    static final int USAGE = 2;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    private static volatile boolean verbose;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "On failure, print the stack trace too (or set " + VERBOSE_ENV + "=1).")
    void setVerbose(boolean value) {
        verbose = value;
    }

    @Override public void run() { spec.commandLine().usage(System.out); }

    public static void main(String[] args) {
        // One line per library warning (e.g. unused checkpoint weights), as transformers prints them.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s: %5$s%6$s%n");
        }
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            System.out.println(VERSION);   // without building the command model: --version answers at JVM speed
            return;
        }
        System.exit(commandLine(args).execute(args));
    }

    /** The command line with every subcommand (for tests and the help listing). */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /** The command line for {@code args}: only the subcommand they name, or all when they name none. */
    static CommandLine commandLine(String[] args) {
        verbose = false;
        CommandLine cli = new CommandLine(new Main());
        String first = java.util.Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse("");
        if (COMMANDS.containsKey(first) && java.util.Arrays.asList(args).indexOf(first) == 0) {
            cli.addSubcommand(first, COMMANDS.get(first));
        } else {
            cli.addSubcommand("help", CommandLine.HelpCommand.class);
            COMMANDS.forEach(cli::addSubcommand);
        }
        cli.setExecutionExceptionHandler(Main::failed);
        cli.setParameterExceptionHandler(Main::misused);
        return cli;
    }

    /** A command threw: its message on one line (the stack trace with --verbose). */
    private static int failed(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof CommandLine.ParameterException p) return misused(p, new String[0]);
        PrintWriter err = cmd.getErr();
        cmd.getOut().flush();
        err.println(prefix(cmd) + message(e));
        if (verbose()) e.printStackTrace(err);
        err.flush();
        return FAILURE;
    }

    /** A usage error: the message and where to find the usage, on one line. */
    private static int misused(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        cmd.getOut().flush();
        String help = cmd.getCommandSpec().qualifiedName() + " --help";
        err.println(prefix(cmd) + e.getMessage() + " (see '" + help + "')");
        if (verbose()) e.printStackTrace(err);
        err.flush();
        return USAGE;
    }

    private static String prefix(CommandLine cmd) {
        return cmd.getCommandSpec().qualifiedName() + ": ";
    }

    static boolean verbose() {
        String env = System.getenv(VERBOSE_ENV);
        return verbose || (env != null && !env.isBlank() && !env.equals("0") && !env.equalsIgnoreCase("false"));
    }

    /**
     * What went wrong, in words: the message of our own exceptions (they name the file, field and value), the
     * reason of a file error, and for anything unexpected (a bug) its type too, with a hint to rerun verbosely.
     */
    static String message(Throwable e) {
        if (e instanceof UncheckedIOException u && u.getCause() != null
                && (u.getMessage() == null || u.getMessage().equals(u.getCause().getMessage())
                    || u.getMessage().equals(u.getCause().toString()))) {
            return IoErrors.describe(u.getCause());
        }
        if (e instanceof IOException io) return IoErrors.describe(io);
        String text = e.getMessage() == null ? "" : e.getMessage().strip();
        boolean expected = e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e instanceof UncheckedIOException || e instanceof UnsupportedOperationException
                || e.getClass().getName().startsWith("dev.deberta4j.");
        if (expected && !text.isEmpty()) return firstLine(text);
        return "internal error: " + e.getClass().getName() + (text.isEmpty() ? "" : ": " + firstLine(text))
                + (verbose() ? "" : " (rerun with --verbose for the stack trace)");
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
