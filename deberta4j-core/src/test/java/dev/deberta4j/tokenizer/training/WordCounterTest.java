package dev.deberta4j.tokenizer.training;

import dev.deberta4j.corpus.TextCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WordCounterTest {
    @Test
    void countsWordsAsTheTokenizerSplitsThemInCanonicalOrder(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("c.txt"), "나는  학생, 나는\n\n학생이다 나는\n");
        WordCounts words = new WordCounter(TokenizerTrainer.splitter(TrainerOptions.Algorithm.WORDPIECE), 1, 100)
                .count(TextCorpus.of(List.of(file)), TrainingProgress.NONE);
        assertThat(words(words)).containsExactly("나는=3", ",=1", "학생=1", "학생이다=1");
        WordCounts unigram = new WordCounter(TokenizerTrainer.splitter(TrainerOptions.Algorithm.UNIGRAM), 1, 100)
                .count(TextCorpus.of(List.of(file)), TrainingProgress.NONE);
        assertThat(words(unigram)).containsExactly("▁나는=3", "▁학생,=1", "▁학생이다=1");
    }

    @Test
    void pruningKeepsTheTableBoundedAndIsTheSameOnAnyThreadCount() {
        TextCorpus corpus = TextCorpus.of(List.of(TrainedTokenizerParityTest.KO_SMALL));
        List<List<String>> results = new ArrayList<>();
        for (int threads : new int[]{1, 2, 5}) {
            WordCounter counter = new WordCounter(TokenizerTrainer.splitter(TrainerOptions.Algorithm.WORDPIECE), threads,
                    1000);
            WordCounts words = counter.count(corpus, TrainingProgress.NONE);
            assertThat(counter.pruneThreshold()).isPositive();
            assertThat(words.size()).isLessThanOrEqualTo(1000);
            results.add(words(words));
        }
        assertThat(results.get(1)).isEqualTo(results.get(0));
        assertThat(results.get(2)).isEqualTo(results.get(0));
        // Frequent words survive pruning: the full stop leads.
        assertThat(results.get(0).getFirst()).startsWith(".=");
    }

    private static List<String> words(WordCounts w) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < w.size(); i++) out.add(w.word(i) + "=" + w.count(i));
        return out;
    }
}
