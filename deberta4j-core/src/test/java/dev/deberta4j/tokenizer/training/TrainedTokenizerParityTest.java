package dev.deberta4j.tokenizer.training;

import dev.deberta4j.corpus.TextCorpus;
import dev.deberta4j.tokenizer.DjlOracle;
import dev.deberta4j.tokenizer.Encoding;
import dev.deberta4j.tokenizer.Tokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each trained tokenizer.json encodes corpus lines identically in deberta4j and in the Rust tokenizers library
 * (DJL); training is byte-identical on any thread count, word-count pruning included.
 */
class TrainedTokenizerParityTest {
    static final Path KO_SMALL = Path.of("src/test/resources/corpus/ko-small");
    private static final List<String> HOSTILE = List.of("", " ", "  여러   칸의   공백  ", "탭\t문자\n줄바꿈",
            "ＡＢＣ 全角 ＡＢＣ", "Déjà vu naïve café", "이모지 🙂👍🏽 섞임", "漢字와 한글 混用", "숫자 12,345.67원",
            "[CLS] 가짜 [SEP] 특수 [MASK] 토큰", "조합형 한글: 한글", "\u0000제어\u0007문자\u200b", "a" + "가".repeat(300));

    static List<String> lines;

    @BeforeAll
    static void readCorpus() {
        lines = new ArrayList<>();
        TextCorpus.of(List.of(KO_SMALL)).forEachDocument((file, line, text) -> lines.add(text));
    }

    @Test
    @Tag("slow")
    void tenThousandLinesEncodeLikeTheRustLibrary(@TempDir Path dir) {
        for (TrainerOptions.Algorithm algorithm : TrainerOptions.Algorithm.values()) {
            Path out = dir.resolve(algorithm.name());
            TokenizerTrainer.train(TextCorpus.of(List.of(KO_SMALL)), TrainerOptions.defaults(algorithm, 8000), out,
                    TrainingProgress.NONE);
            compare(out, sample(10_000));
        }
    }

    @ParameterizedTest
    @EnumSource(TrainerOptions.Algorithm.class)
    void sameFilesOnAnyThreadCountAndEncodingsLikeTheRustLibrary(TrainerOptions.Algorithm algorithm, @TempDir Path dir)
            throws IOException {
        // A word cap below the corpus's distinct words, so pruning runs too.
        TrainerOptions one = new TrainerOptions(algorithm, 3000, 2, 0, List.of("[X]"), true, 16, 1, 5_000);
        List<Path> outs = new ArrayList<>();
        for (int threads : new int[]{1, 3}) {
            Path out = dir.resolve("t" + threads);
            TokenizerTrainer.train(TextCorpus.of(List.of(KO_SMALL)), one.withThreads(threads), out, TrainingProgress.NONE);
            outs.add(out);
        }
        List<String> files = algorithm == TrainerOptions.Algorithm.UNIGRAM
                ? List.of("tokenizer.json", "spm.model", "tokenizer_config.json", "special_tokens_map.json")
                : List.of("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json");
        for (String f : files) {
            assertThat(Files.readAllBytes(outs.get(1).resolve(f))).as(f).isEqualTo(Files.readAllBytes(outs.get(0).resolve(f)));
        }
        try (var listing = Files.list(outs.get(0))) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(files);
        }
        compare(outs.get(0), sample(3000));
    }

    /** Every 3rd line up to {@code n}, then the hostile strings and a few pairs. */
    private static List<String> sample(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size() && out.size() < n; i += lines.size() > 3 * n ? 3 : 1) out.add(lines.get(i));
        out.addAll(HOSTILE);
        return out;
    }

    private static void compare(Path out, List<String> texts) {
        Tokenizer ours = Tokenizer.load(out);
        try (DjlOracle rust = new DjlOracle(out.resolve("tokenizer.json"), "false", 0, 0)) {
            for (int i = 0; i < texts.size(); i++) {
                String text = texts.get(i);
                String pair = i % 7 == 0 ? texts.get((i + 1) % texts.size()) : null;
                Encoding expected = rust.encode(text, pair);
                Encoding actual = ours.encode(text, pair);
                String what = out.getFileName() + " #" + i + " " + text;
                assertThat(actual.ids()).as(what).containsExactly(expected.ids());
                assertThat(actual.tokens()).as(what).containsExactly(expected.tokens());
                assertThat(actual.offsets()).as(what).containsExactly(expected.offsets());
                assertThat(actual.typeIds()).as(what).containsExactly(expected.typeIds());
                assertThat(ours.decode(actual.ids(), true)).as(what).isEqualTo(rust.decode(expected.ids(), true));
            }
        }
    }
}
