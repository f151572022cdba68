package dev.deberta4j.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One CLI invocation with its output captured from picocli's out and err writers, where every command writes. */
record CliRun(int code, String out, String err) {

    static CliRun of(String... args) {
        return of(CommandLine.defaultFactory(), args);
    }

    /** @param factory creates the commands (a test hands one its settings this way) */
    static CliRun of(CommandLine.IFactory factory, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(factory);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Creates the commands of {@code instances}' classes as those instances, any other as picocli does. */
    static CommandLine.IFactory factory(Object... instances) {
        return new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                for (Object instance : instances) {
                    if (type == instance.getClass()) return type.cast(instance);
                }
                return CommandLine.defaultFactory().create(type);
            }
        };
    }
}
