package dev.deberta4j.tokenizer.training;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deberta4j.corpus.TextCorpus;
import dev.deberta4j.tokenizer.TokenizerConfig;
import dev.deberta4j.tokenizer.TokenizerJsonWriter;
import dev.deberta4j.tokenizer.WordSplitter;

import java.nio.file.Path;

/**
 * Trains a tokenizer from a text corpus and writes it as Hugging Face files: tokenizer.json,
 * tokenizer_config.json and special_tokens_map.json (plus spm.model for Unigram). The words are counted with the
 * very normalizer and pre-tokenizer written into tokenizer.json, so training and encoding split text alike.
 */
public final class TokenizerTrainer {
    private TokenizerTrainer() {}

    /** The normalizer + pre-tokenizer of an algorithm's tokenizer.json, as a word splitter. */
    public static WordSplitter splitter(TrainerOptions.Algorithm algorithm) {
        return switch (algorithm) {
            case WORDPIECE -> WordSplitter.fromJson(WordPieceTrainer.normalizer(), WordPieceTrainer.preTokenizer());
            case UNIGRAM -> WordSplitter.fromJson(UnigramTrainer.normalizer(), UnigramTrainer.preTokenizer());
            case BPE -> WordSplitter.fromJson(BpeTrainer.normalizer(), BpeTrainer.preTokenizer());
        };
    }

    /** Counts the corpus's words, then trains and writes; returns the word counts used (for reporting). */
    public static WordCounts train(TextCorpus corpus, TrainerOptions options, Path outputDir, TrainingProgress progress) {
        WordCounter counter = new WordCounter(splitter(options.algorithm()), options.threads(), options.maxWords());
        WordCounts words = counter.count(corpus, progress);
        if (counter.pruneThreshold() > 0) {
            progress.note("the word table passed " + options.maxWords() + " distinct words; words seen at most "
                    + counter.pruneThreshold() + " times were pruned along the way");
        }
        progress.note(String.format(java.util.Locale.ROOT, "%,d distinct words, %,d in all", words.size(),
                words.totalCount()));
        train(words, options, outputDir, progress);
        return words;
    }

    /** Trains on counted words and writes the files into {@code outputDir}. */
    public static void train(WordCounts words, TrainerOptions options, Path outputDir, TrainingProgress progress) {
        switch (options.algorithm()) {
            case WORDPIECE -> write(outputDir, WordPieceTrainer.train(words, options, progress));
            case BPE -> write(outputDir, BpeTrainer.train(words, options, progress));
            case UNIGRAM -> UnigramTrainer.trainAndWrite(words, options, progress, outputDir);
        }
    }

    private static void write(Path outputDir, ObjectNode json) {
        TokenizerJsonWriter.write(outputDir, json, TokenizerConfig.defaults(), TokenizerJsonWriter.TRAINED_CLASS);
    }
}
