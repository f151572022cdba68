package dev.deberta4j.cli;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.finetune.LabelSet;
import dev.deberta4j.finetune.ModelDirectory;
import dev.deberta4j.finetune.TextTask;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.tokenizer.Tokenizer;
import dev.deberta4j.io.InMemoryTensorSource;
import dev.deberta4j.model.WeightInitializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code deberta4j init}: a freshly initialised model directory to train from scratch. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Write a freshly initialised model directory (weights as transformers' _init_weights "
                + "initialises them) with the tokenizer files, to train from scratch.",
                "Without --task the model is a backbone (DebertaV2Model); finetune adds the head."})
public final class InitCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "CONFIG_JSON", description = "A DeBERTa-V2 config.json.")
    Path config;

    @Option(names = "--tokenizer", required = true, paramLabel = "DIR",
            description = "Directory with tokenizer.json and/or spm.model (copied into the output).")
    Path tokenizer;

    @Mixin OutputDirectoryOption outputDir;

    @Option(names = "--task", paramLabel = "TASK", description = "Add a task head: single, pair, regression or token.")
    String task;

    @Option(names = "--labels", split = ",", paramLabel = "A,B,...", description = "Label names of the head, in id order.")
    List<String> labels;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the initial weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        DebertaConfig c = DebertaConfig.load(config);
        Tokenizer tok = Tokenizer.load(tokenizer);
        if (tok.vocabSize() > c.vocabSize) {
            throw new IllegalArgumentException(config + ": vocab_size " + c.vocabSize + " is smaller than the "
                    + "tokenizer's vocabulary (" + tok.vocabSize() + " tokens in " + tokenizer + ")");
        }
        HeadType head = HeadType.BASE;
        if (task != null) {
            TextTask t = TextTask.fromCliName(task);
            LabelSet l = labels != null ? new LabelSet(labels) : new LabelSet(c.id2label.values().stream().toList());
            c = ModelDirectory.taskConfig(c, t, l);
            head = t.head();
        } else if (labels != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--labels needs --task");
        }
        InMemoryTensorSource weights = WeightInitializer.initialise(c, head, seed);
        Path output = outputDir.path();
        ModelDirectory.write(output, c, head, weights, tokenizer);
        long params = weights.names().stream().mapToLong(n -> weights.info(n).numel()).sum();
        spec.commandLine().getOut().printf("%s: %s, %,d parameters, seed %d%n", output, head.architecture(c.family),
                params, seed);
        return 0;
    }
}
