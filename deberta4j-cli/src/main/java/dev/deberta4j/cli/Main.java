package dev.deberta4j.cli;

import dev.deberta4j.io.IoErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.FileSystemException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code deberta4j} command: one subcommand per capability. Every failure ends here, the same way: one line
 * {@code deberta4j COMMAND: MESSAGE} on picocli's err stream and exit code 1 (2 for a usage error), the stack trace
 * only with {@code --verbose} or {@code DEBERTA4J_VERBOSE=1}. Commands do not catch to print: they throw (a
 * {@link CommandLine.ParameterException} for a usage error) and {@link #failed} / {@link #misused} report.
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
        COMMANDS.put("speed", SpeedCommand.class);
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
        COMMANDS.put("speed-train", SpeedTrainCommand.class);
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

    @Override public void run() { spec.commandLine().usage(spec.commandLine().getOut()); }

    public static void main(String[] args) {
        // One line per library warning (e.g. unused checkpoint weights), as transformers prints them.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s: %5$s%6$s%n");
        }
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            System.out.println(VERSION);   // without building the command model: --version answers at JVM speed
            return;
        }
        CommandLine cli = commandLine(args, CommandLine.defaultFactory());
        int code = cli.execute(args);
        cli.getOut().flush();
        cli.getErr().flush();
        System.exit(code);
    }

    /** The command line with every subcommand (for tests and the help listing). */
    public static CommandLine commandLine() {
        return commandLine(new String[0], CommandLine.defaultFactory());
    }

    /** Every subcommand, created by {@code factory} (tests hand commands their settings this way). */
    static CommandLine commandLine(CommandLine.IFactory factory) {
        return commandLine(new String[0], factory);
    }

    /** The command line for {@code args}: only the subcommand they name, or all when they name none. */
    static CommandLine commandLine(String[] args, CommandLine.IFactory factory) {
        verbose = false;
        CommandLine cli = new CommandLine(new Main(), factory);
        String name = args.length == 0 ? null : named(args[0]);
        if (name != null) {
            cli.addSubcommand(name, COMMANDS.get(name));
        } else {
            cli.addSubcommand("help", CommandLine.HelpCommand.class);
            COMMANDS.forEach(cli::addSubcommand);
        }
        cli.setExecutionExceptionHandler(Main::failed);
        cli.setParameterExceptionHandler(Main::misused);
        // One out and one err writer for every (sub)command, so main flushes all output before the JVM exits.
        cli.setOut(cli.getOut());
        cli.setErr(cli.getErr());
        return cli;
    }

    /** The command {@code word} names or is an alias of (e.g. bench for speed), or null. */
    static String named(String word) {
        for (Map.Entry<String, Class<?>> e : COMMANDS.entrySet()) {
            if (e.getKey().equals(word) || Arrays.asList(e.getValue().getAnnotation(Command.class).aliases()).contains(word)) {
                return e.getKey();
            }
        }
        return null;
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
            return describe(u.getCause());
        }
        if (e instanceof IOException io) return describe(io);
        String text = e.getMessage() == null ? "" : e.getMessage().strip();
        boolean expected = e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e instanceof UncheckedIOException || e instanceof UnsupportedOperationException
                || e.getClass().getName().startsWith("dev.deberta4j.");
        if (expected && !text.isEmpty()) return firstLine(text);
        return "internal error: " + e.getClass().getName() + (text.isEmpty() ? "" : ": " + firstLine(text))
                + (verbose() ? "" : " (rerun with --verbose for the stack trace)");
    }

    /**
     * A file error as "FILE: reason"; our own I/O exceptions (Hub, data fetch) by their message; any other (a
     * network error such as an unknown host) with its type, which its bare message does not explain.
     */
    private static String describe(IOException e) {
        boolean explained = e instanceof FileSystemException || e instanceof CharacterCodingException
                || e.getClass().getName().startsWith("dev.deberta4j.");
        return explained || e.getMessage() == null ? IoErrors.describe(e) : e.toString();
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
