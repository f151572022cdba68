package dev.deberta4j.tokenizer.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deberta4j.corpus.TextCorpus;
import dev.deberta4j.tokenizer.Tokenizer;
import dev.deberta4j.tokenizer.TokenizerJsonWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class UnigramTrainerTest {
    private static final TrainerOptions OPTIONS = TrainerOptions.defaults(TrainerOptions.Algorithm.UNIGRAM, 100);

    @Test
    void digammaMatchesKnownValues() {
        assertThat(UnigramTrainer.digamma(1)).isCloseTo(-0.5772156649015329, within(1e-9));
        assertThat(UnigramTrainer.digamma(0.5)).isCloseTo(-1.9635100260214235, within(1e-9));
        assertThat(UnigramTrainer.digamma(100)).isCloseTo(4.600161852738087, within(1e-9));
    }

    @Test
    void eStepGivesTheHandComputedExpectations() {
        // One word "ab" seen 8 times; pieces a, b, ab equally likely (1/3): the path "ab" has probability
        // 1/3, the path "a b" 1/9, so the posterior of "ab" is 3/4.
        WordCounts words = WordCounts.of(Map.of("ab", 8L));
        double third = Math.log(1.0 / 3);
        double[] expected = new UnigramTrainer(OPTIONS, TrainingProgress.NONE)
                .eStep(words, List.of("a", "b", "ab"), new double[]{third, third, third});
        assertThat(expected[2]).isCloseTo(6.0, within(1e-6));
        assertThat(expected[0]).isCloseTo(2.0, within(1e-6));
        assertThat(expected[1]).isCloseTo(2.0, within(1e-6));
        UnigramTrainer.Model m = UnigramTrainer.mStep(List.of("a", "b", "ab"), expected);
        assertThat(m.scores()[2]).isCloseTo(UnigramTrainer.digamma(6) - UnigramTrainer.digamma(10), within(1e-9));
    }

    @Test
    void emConvergesToTheKnownOptimum() {
        // Only "ab" occurs, so the maximum-likelihood unigram model puts all mass on the piece "ab": EM must
        // move every expectation there, and the M-step then drops a and b (expected < 0.5).
        WordCounts words = WordCounts.of(Map.of("ab", 50L));
        UnigramTrainer trainer = new UnigramTrainer(OPTIONS, TrainingProgress.NONE);
        List<String> pieces = List.of("a", "b", "ab");
        double[] scores = {Math.log(1.0 / 3), Math.log(1.0 / 3), Math.log(1.0 / 3)};
        double previousAb = 0;
        for (int iteration = 0; iteration < 20 && pieces.size() > 1; iteration++) {
            double[] expected = trainer.eStep(words, pieces, scores);
            double ab = expected[pieces.indexOf("ab")];
            assertThat(ab).isGreaterThanOrEqualTo(previousAb);   // the likelihood climbs monotonically
            previousAb = ab;
            UnigramTrainer.Model m = UnigramTrainer.mStep(pieces, expected);
            pieces = m.pieces();
            scores = m.scores();
        }
        assertThat(pieces).containsExactly("ab");
        assertThat(scores[0]).isCloseTo(0.0, within(1e-12));   // log p(ab) = log 1
        assertThat(previousAb).isGreaterThan(49.5);
    }

    @Test
    void pruningRemovesPiecesWhoseAlternativeCostsLeast() {
        // Both "xy" and "xz" are their own best segmentation, but "xy" covers a frequent word while "xz" is rare
        // and x + z are frequent anyway: removing "xz" costs least. Single chars have no alternative: kept.
        WordCounts words = WordCounts.of(Map.of("xy", 100L, "xz", 2L, "x", 50L, "z", 50L, "y", 1L));
        List<String> pieces = List.of("x", "y", "z", "xy", "xz");
        double[] scores = {-1, -5, -1, -1, -1.5};
        UnigramTrainer trainer = new UnigramTrainer(OPTIONS, TrainingProgress.NONE);
        UnigramTrainer.Model pruned = trainer.prune(words, pieces, scores, 4);
        assertThat(pruned.pieces()).containsExactly("x", "y", "z", "xy");
    }

    @Test
    void trainsAVocabularyWithEveryCharAndTheDebertaLayout(@TempDir Path dir) throws IOException {
        String text = "안녕하세요 반갑습니다\n안녕 친구\n반갑다 친구야 안녕하세요\n한국어 토크나이저를 학습합니다\n"
                .repeat(20) + "희귀한 글자: 뷁\n";
        Path out = WordPieceTrainerTest.train(dir, text, TrainerOptions.Algorithm.UNIGRAM, 40);
        List<String> vocab = WordPieceTrainerTest.vocab(out);
        assertThat(vocab).hasSize(40);
        assertThat(vocab.subList(0, 4)).containsExactly("[PAD]", "[CLS]", "[SEP]", "[UNK]");
        assertThat(vocab.get(39)).isEqualTo("[MASK]");
        for (int c : text.replace("\n", "").replace(" ", "").codePoints().toArray()) {
            assertThat(vocab).contains(new String(Character.toChars(c)));
        }
        assertThat(vocab).contains("▁안녕하세요", "▁").doesNotHaveDuplicates();
        Tokenizer tok = Tokenizer.load(out);
        assertThat(tok.encode("안녕하세요  친구").tokens()).containsExactly("[CLS]", "▁안녕하세요", "▁친구", "[SEP]");
        assertThat(tok.encode("뷁").ids()).doesNotContain(tok.unkId());
    }

    @Test
    void aLearnedPieceNeverDuplicatesASpecialToken(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("c.txt"), "가나다 가나다 가나다라 라가나다 ".repeat(30));
        TrainerOptions options = new TrainerOptions(TrainerOptions.Algorithm.UNIGRAM, 30, 2, 0, List.of("가나다", "라"),
                true, 16, 1, 1000);
        TokenizerTrainer.train(TextCorpus.of(List.of(file)), options, dir.resolve("out"), TrainingProgress.NONE);
        List<String> vocab = WordPieceTrainerTest.vocab(dir.resolve("out"));
        assertThat(vocab).doesNotHaveDuplicates().contains("▁가나다");
        assertThat(vocab.subList(4, 6)).containsExactly("가나다", "라");
    }

    @Test
    void spmModelRoundTripsThroughConvertTokenizer(@TempDir Path dir) throws IOException {
        Path out = WordPieceTrainerTest.train(dir, "가나다 가나 다라 가나다라마 ".repeat(30), TrainerOptions.Algorithm.UNIGRAM, 30);
        Path spmOnly = Files.createDirectory(dir.resolve("spm-only"));
        Files.copy(out.resolve("spm.model"), spmOnly.resolve("spm.model"));
        Path converted = dir.resolve("converted");
        TokenizerJsonWriter.convertSentencePiece(spmOnly.resolve("spm.model"), converted);
        ObjectMapper mapper = new ObjectMapper();
        assertThat(mapper.readTree(converted.resolve("tokenizer.json").toFile()))
                .isEqualTo(mapper.readTree(out.resolve("tokenizer.json").toFile()));
        assertThat(Files.readString(converted.resolve("tokenizer.json"))).isEqualTo(Files.readString(out.resolve("tokenizer.json")));
        Tokenizer fromSpm = Tokenizer.load(spmOnly);
        Tokenizer fromJson = Tokenizer.load(out);
        for (String s : List.of("가나다라마", " 가나  다라 ", "가 [MASK] 나", "없는글자")) {
            assertThat(fromSpm.encode(s).ids()).as(s).containsExactly(fromJson.encode(s).ids());
        }
        assertThat(fromSpm.maskId()).isEqualTo(fromSpm.vocabSize() - 1);
    }

    @Test
    void tooSmallAVocabularyForTheAlphabetIsAnError(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("c.txt"), "가나다라마바사아자차카타파하");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TokenizerTrainer.train(TextCorpus.of(List.of(file)),
                        TrainerOptions.defaults(TrainerOptions.Algorithm.UNIGRAM, 10), dir.resolve("out"), TrainingProgress.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("15 distinct chars");
    }
}
