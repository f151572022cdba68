package dev.deberta4j.tokenizer.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deberta4j.corpus.TextCorpus;
import dev.deberta4j.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** WordPiece training on the classic low/lower/newest/widest corpus, every id checked by hand. */
class WordPieceTrainerTest {
    static final String CORPUS = "low ".repeat(5) + "lower ".repeat(2) + "newest ".repeat(6) + "widest ".repeat(3);

    @Test
    void mergeLoopGivesTheHandComputedVocabulary(@TempDir Path dir) throws IOException {
        Path out = train(dir, CORPUS, TrainerOptions.Algorithm.WORDPIECE, 26);
        // Specials; the alphabet in code point order; ## chars as first met (newest, low, widest, lower: count
        // order); merges: (##e,##s) 9 ties (##s,##t) 9 and wins on the smaller left id; then (##es,##t) 9;
        // then (l,##o) 7 ties (##o,##w) 7 and wins on the smaller left id; [MASK] last.
        assertThat(vocab(out)).containsExactly("[PAD]", "[CLS]", "[SEP]", "[UNK]",
                "d", "e", "i", "l", "n", "o", "r", "s", "t", "w",
                "##e", "##w", "##s", "##t", "##o", "##i", "##d", "##r",
                "##es", "##est", "lo", "[MASK]");
        Tokenizer tok = Tokenizer.load(out);
        assertThat(tok.encode("newest lowest").tokens())
                .containsExactly("[CLS]", "n", "##e", "##w", "##est", "lo", "##w", "##est", "[SEP]");
        assertThat(tok.encode("a", "widest").ids()).containsExactly(1, 3, 2, 13, 19, 20, 23, 2);
        assertThat(tok.decode(tok.encode("newest widest").ids(), true)).isEqualTo("newest widest");
    }

    @Test
    void aMergeNeverProducesASpecialToken(@TempDir Path dir) throws IOException {
        TrainerOptions options = new TrainerOptions(TrainerOptions.Algorithm.WORDPIECE, 27, 2, 0, List.of("lo"), true, 16,
                1, 1000);
        Path out = dir.resolve("out");
        Path text = Files.writeString(dir.resolve("c.txt"), CORPUS);
        TokenizerTrainer.train(TextCorpus.of(List.of(text)), options, out, TrainingProgress.NONE);
        // (l, ##o) would make the special "lo": skipped, the next pair (##o, ##w) merges instead.
        assertThat(vocab(out).subList(4, 6)).containsExactly("lo", "d");
        assertThat(vocab(out).subList(23, 27)).containsExactly("##es", "##est", "##ow", "[MASK]");
    }

    @Test
    void minFrequencyStopsTheMerges(@TempDir Path dir) throws IOException {
        TrainerOptions options = new TrainerOptions(TrainerOptions.Algorithm.WORDPIECE, 100, 8, 0, List.of(), true, 16,
                1, 1000);
        Path out = dir.resolve("out");
        Path text = Files.writeString(dir.resolve("c.txt"), CORPUS);
        TokenizerTrainer.train(TextCorpus.of(List.of(text)), options, out, TrainingProgress.NONE);
        // Only the two pairs seen 9 times pass a minimum of 8.
        assertThat(vocab(out)).endsWith("##es", "##est", "[MASK]").hasSize(25);
    }

    @Test
    void limitAlphabetKeepsTheMostFrequentCharsAndKoreanStaysWhole(@TempDir Path dir) throws IOException {
        TrainerOptions options = new TrainerOptions(TrainerOptions.Algorithm.WORDPIECE, 40, 2, 3, List.of("[X]"), false,
                16, 1, 1000);
        Path out = dir.resolve("out");
        Path text = Files.writeString(dir.resolve("c.txt"), "한국어 한국 한국 Ａ한 ééé");
        TokenizerTrainer.train(TextCorpus.of(List.of(text)), options, out, TrainingProgress.NONE);
        List<String> v = vocab(out);
        // No NFD (한 stays one char), no accent stripping, no lowercasing or NFKC (Ａ kept but rare: cut).
        assertThat(v.subList(0, 9)).containsExactly("[PAD]", "[CLS]", "[SEP]", "[UNK]", "[MASK]", "[X]", "é", "국", "한");
        assertThat(v).doesNotContain("Ａ", "어", "e");
    }

    static Path train(Path dir, String text, TrainerOptions.Algorithm algorithm, int vocabSize) throws IOException {
        Path file = Files.writeString(dir.resolve("corpus.txt"), text);
        Path out = dir.resolve("out");
        TokenizerTrainer.train(TextCorpus.of(List.of(file)), TrainerOptions.defaults(algorithm, vocabSize), out,
                TrainingProgress.NONE);
        return out;
    }

    /** The model vocabulary of a tokenizer.json in id order. */
    static List<String> vocab(Path dir) throws IOException {
        JsonNode model = new ObjectMapper().readTree(dir.resolve("tokenizer.json").toFile()).get("model");
        List<String> out = new ArrayList<>();
        JsonNode v = model.get("vocab");
        if (v.isArray()) {
            for (JsonNode e : v) out.add(e.get(0).asText());
            return out;
        }
        String[] byId = new String[v.size()];
        for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            byId[v.get(k).asInt()] = k;
        }
        return List.of(byId);
    }
}
