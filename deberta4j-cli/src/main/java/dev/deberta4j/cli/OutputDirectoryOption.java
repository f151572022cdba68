package dev.deberta4j.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@code --output DIR}, required: the directory a command writes its files to (the command says which). */
final class OutputDirectoryOption {
    @Spec(Spec.Target.MIXEE) CommandSpec command;

    private Path output;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Directory to write to.")
    void output(Path value) {
        if (Files.exists(value) && !Files.isDirectory(value)) {
            throw new ParameterException(command.commandLine(), "--output " + value + " is a file, not a directory");
        }
        output = value;
    }

    Path path() {
        return output;
    }
}
