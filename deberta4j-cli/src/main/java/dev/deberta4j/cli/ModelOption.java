package dev.deberta4j.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;

/** {@code --model DIR}, required: the model a command runs, a directory or a Hub repo id. */
final class ModelOption {
    @Spec(Spec.Target.MIXEE) CommandSpec command;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory or Hub repo id.")
    String model;

    /** The model's directory; a repo id is downloaded into the Hub cache first (progress on the err stream). */
    Path directory() {
        return ModelDirectories.resolve(model, command.commandLine().getErr());
    }
}
