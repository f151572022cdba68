package dev.deberta4j.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;

/**
 * {@code --model DIR}, optional: without it the command runs one of the models bundled with deberta4j
 * ({@link BundledModel}), named in the help as the default.
 */
final class BundledModelOption {
    @Spec(Spec.Target.MIXEE) CommandSpec command;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Model directory or Hub repo id (default: the bundled ${DEFAULT-VALUE}).")
    String model;

    private final String bundled;

    /** @param bundled the bundled model's name under models/ ({@link dev.deberta4j.models.BundledModels}) */
    BundledModelOption(String bundled) {
        this.bundled = bundled;
        this.model = "models/" + bundled;   // the default, as the help shows it and results name it
    }

    /** The model as given, or the bundled one's path under the checkout (models/NAME). */
    String name() {
        return model;
    }

    /** Whether --model was given. */
    boolean given() {
        return command.commandLine().getParseResult().hasMatchedOption("--model");
    }

    /** The model's directory: the bundled copy unless --model was given (a repo id is downloaded first). */
    Path directory() {
        return given() ? ModelDirectories.resolve(model, command.commandLine().getErr()) : BundledModel.locate(bundled);
    }
}
