package dev.deberta4j.cli;

import dev.deberta4j.corpus.CorpusException;
import dev.deberta4j.corpus.TextCorpus;
import dev.deberta4j.tokenizer.training.TokenizerTrainer;
import dev.deberta4j.tokenizer.training.TrainerOptions;
import dev.deberta4j.tokenizer.training.WordCounts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code deberta4j train-tokenizer}: WordPiece, Unigram or byte-level BPE from raw text, as Hugging Face files. */
@Command(name = "train-tokenizer", mixinStandardHelpOptions = true,
        description = "Train a WordPiece, Unigram (also spm.model) or byte-level BPE tokenizer from text files.")
public final class TrainTokenizerCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--input", required = true, arity = "1..*",
            description = "Text files or directories (.gz read as gzip); one document per line.")
    List<Path> input;

    @Option(names = "--model", required = true, description = "wordpiece, unigram or bpe.")
    String model;

    @Option(names = "--vocab-size", required = true, description = "Vocabulary size, special tokens included.")
    int vocabSize;

    @Mixin OutputDirectoryOption output;

    @Option(names = "--min-frequency", defaultValue = "2",
            description = "Least count of a merged pair (wordpiece/bpe) or seed substring (unigram). Default: ${DEFAULT-VALUE}.")
    long minFrequency;

    @Option(names = "--limit-alphabet", defaultValue = "0",
            description = "Keep only this many most frequent chars; 0 keeps every char seen. Default: ${DEFAULT-VALUE}.")
    int limitAlphabet;

    @Option(names = "--special-tokens", split = ",", description = "Extra special tokens, after [UNK] (ids 4...).")
    List<String> specialTokens = List.of();

    @Option(names = "--mask-last", defaultValue = "true", arity = "1",
            description = "[MASK] is the last id (true) or id 4 (false). Default: ${DEFAULT-VALUE}.")
    boolean maskLast;

    @Option(names = "--max-piece-length", defaultValue = "16",
            description = "Longest Unigram piece in chars. Default: ${DEFAULT-VALUE}.")
    int maxPieceLength;

    @Option(names = "--threads", defaultValue = "1", description = "Worker threads. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--max-words", defaultValue = "" + TrainerOptions.DEFAULT_MAX_WORDS,
            description = "Distinct words held while counting before rare ones are pruned. Default: ${DEFAULT-VALUE}.")
    int maxWords;

    @Override public Integer call() {
        TrainerOptions options;
        TextCorpus corpus;
        try {
            options = new TrainerOptions(TrainerOptions.Algorithm.parse(model), vocabSize, minFrequency, limitAlphabet,
                    specialTokens, maskLast, maxPieceLength, threads, maxWords);
            corpus = TextCorpus.of(input);
        } catch (IllegalArgumentException | CorpusException e) {
            // The options are at fault (a value out of range, an input that is not there): a usage error.
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        long started = System.nanoTime();
        WordCounts words;
        try (PhaseProgressBars progress = new PhaseProgressBars(spec.commandLine().getErr())) {
            words = TokenizerTrainer.train(corpus, options, output.path(), progress);
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "trained %s (%,d entries) on %,d distinct words in %.1f s; "
                + "wrote %s%n", model.toLowerCase(Locale.ROOT), vocabSize, words.size(),
                (System.nanoTime() - started) / 1e9, output.path().resolve("tokenizer.json"));
        return 0;
    }
}
