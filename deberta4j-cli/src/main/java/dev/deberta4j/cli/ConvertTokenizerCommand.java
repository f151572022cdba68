package dev.deberta4j.cli;

import dev.deberta4j.tokenizer.TokenizerJsonWriter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code deberta4j convert-tokenizer}: a tokenizer published without tokenizer.json (DeBERTa spm.model, XLM-R
 * sentencepiece.bpe.model, BERT vocab.txt) to the tokenizer.json transformers' converter writes.
 */
@Command(name = "convert-tokenizer", mixinStandardHelpOptions = true,
        description = "Convert a SentencePiece model (DeBERTa-V2/V3 spm.model, XLM-RoBERTa sentencepiece.bpe.model) "
                + "or a BERT/ELECTRA/DistilBERT vocab.txt into tokenizer.json (+ configs), as transformers does.")
public final class ConvertTokenizerCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--spm", required = true, description = "spm.model or sentencepiece.bpe.model (its "
                + "directory's tokenizer_config.json and special_tokens_map.json are read).")
        Path spm;
        @Option(names = "--vocab", required = true, description = "A BERT vocab.txt (its directory's "
                + "tokenizer_config.json gives do_lower_case, strip_accents, tokenize_chinese_chars).")
        Path vocab;
    }

    @Mixin OutputDirectoryOption output;

    @Spec CommandSpec spec;

    @Override public Integer call() {
        Path file = input.spm != null ? input.spm : input.vocab;
        if (input.vocab != null && !file.getFileName().toString().equals("vocab.txt")) {
            throw new IllegalArgumentException("--vocab " + file + ": expected a file named vocab.txt");
        }
        TokenizerJsonWriter.convert(file, output.path());   // failures: one line from Main's handler
        spec.commandLine().getOut().println("wrote " + output.path().resolve("tokenizer.json"));
        return 0;
    }
}
