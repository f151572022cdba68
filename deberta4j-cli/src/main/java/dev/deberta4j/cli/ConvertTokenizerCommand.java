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
        TokenizerJsonWriter.convertSentencePiece(spm, output);   // failures: one line from Main's handler
        System.out.println("wrote " + output.resolve("tokenizer.json"));
        return 0;
    }
}
