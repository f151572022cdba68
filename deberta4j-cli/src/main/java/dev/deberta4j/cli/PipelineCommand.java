package dev.deberta4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deberta4j.pipeline.EmptyInputException;
import dev.deberta4j.pipeline.InputTooLongException;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * The shape of the text pipeline commands: read inputs (arguments or a file), run them in chunks with a progress
 * bar for files, print each result; bad input or an over-long text ends the command with its message (Main).
 */
abstract class PipelineCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin PipelineRunOptions run;

    /** Loads the model and processes the inputs. */
    abstract void execute();

    @Override
    public final Integer call() {
        atLeastOne("--batch-size", run.batchSize);
        execute();   // failures end in Main's handler: one line naming the command
        out().flush();
        return 0;
    }

    /** A usage error naming the option when {@code value} is below 1 (the library would name its Java parameter). */
    void atLeastOne(String option, int value) {
        if (value < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " must be at least 1, found " + value);
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** The inputs: the file when --input is given, else the text arguments (at least one of them). */
    List<InputRecord> inputs(List<String> texts) {
        if (run.input != null) {
            if (!texts.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give texts as arguments or --input FILE, not both");
            }
            return InputRecord.readFile(run.input);
        }
        if (texts.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no input: give texts as arguments or --input FILE");
        }
        List<InputRecord> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) out.add(InputRecord.ofText(i, texts.get(i)));
        return out;
    }

    /** Feeds the inputs to {@code action} chunk by chunk, advancing a progress bar when they come from a file. */
    void inChunks(List<InputRecord> inputs, Consumer<List<InputRecord>> action) {
        try (LineProgress progress = LineProgress.of(spec.name(), inputs.size(), run.input != null, err())) {
            for (int from = 0; from < inputs.size(); from += run.chunkSize()) {
                List<InputRecord> chunk = inputs.subList(from, Math.min(inputs.size(), from + run.chunkSize()));
                try {
                    action.accept(chunk);
                } catch (InputTooLongException e) {
                    throw new IllegalArgumentException(chunk.get(e.index()).where() + ": " + e.tokens()
                            + " tokens, but the model accepts at most " + e.limit() + "; pass --truncate to cut such "
                            + "inputs to " + e.limit() + " tokens", e);
                } catch (EmptyInputException e) {
                    throw new IllegalArgumentException(chunk.get(e.index()).where() + ": `" + e.field()
                            + "` cannot be empty", e);
                }
                progress.step(chunk.size());
            }
        }
    }

    /** Prints one JSON line. */
    void printJson(Object value) {
        try {
            out().println(Json.MAPPER.writeValueAsString(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Jackson, initialised on first use (it costs a few hundred milliseconds before the JIT warms up). */
    static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    static List<String> field(List<InputRecord> records, String name) {
        return records.stream().map(r -> r.field(name)).toList();
    }
}
