package dev.deberta4j.cli;

import dev.deberta4j.tokenizer.TokenizerJsonWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code deberta4j convert-tokenizer}: spm.model to the tokenizer.json transformers' DebertaV2Converter writes. */
@Command(name = "convert-tokenizer", mixinStandardHelpOptions = true,
        description = "Convert a DeBERTa-V2/V3 SentencePiece spm.model into tokenizer.json (+ configs).")
public final class ConvertTokenizerCommand implements Callable<Integer> {
    @Option(names = "--spm", required = true, description = "The spm.model (its directory's tokenizer_config.json is read).")
    Path spm;

    @Option(names = "--output", required = true, description = "Directory to write tokenizer.json into.")
    Path output;

    @Override public Integer call() {
        try {
            TokenizerJsonWriter.convertSentencePiece(spm, output);
        } catch (dev.deberta4j.tokenizer.TokenizerFormatException | java.io.UncheckedIOException e) {
            System.err.println("deberta4j convert-tokenizer: " + e.getMessage());
            return 2;
        }
        System.out.println("wrote " + output.resolve("tokenizer.json"));
        return 0;
    }
}
