package dev.deberta4j.tokenizer.training;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deberta4j.corpus.TextCorpus;
import dev.deberta4j.tokenizer.DjlOracle;
import dev.deberta4j.tokenizer.Tokenizer;
import dev.deberta4j.tokenizer.UnigramExportTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An exported Unigram tokenizer gives the same ids by every route a user may load it by: its spm.model alone
 * (deberta4j's SentencePiece loader), its tokenizer.json (deberta4j, and the Rust library through DJL), on text
 * where normalizers disagree: compatibility and conjoining jamo, full-width and compatibility chars, emoji,
 * whitespace, and runs of repeated chars whose segmentations tie in exact arithmetic.
 */
class ExportAgreementTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> JAMO = List.of("ㅋㅋㅋ", "ㅠㅠ", "ㅎㅎ", "ㅜㅜ", "ㅇㅇ", "ㄱㄱ");
    private static final List<String> PROBES = List.of("ㅠㅠ", "ㅋㅋㅋ", "ㅎㅎ", "재밌다ㅋㅋㅋ 정말ㅠㅠ", "ﾾﾾ ﾡﾡ",
            Normalizer.normalize("한국어 토크나이저", Normalizer.Form.NFD), "ᄒᄒ ᅲᅲ", "ＡＢＣ１２３！", "（웃음）",
            "㈜ 36.5℃ ① ﬁ ™ 5㎏ Å 豈 ｶﾀｶﾅ ½ x²", "cafe\u0301", "😂😂 👍🏻 ❤️ 👨‍👩‍👧 🇰🇷 ★★☆", " 앞 공백", "여러   공백 ",
            "탭\t문자", "\u00a0nbsp\u00a0\u00a0두 개\u00a0", "전각\u3000공백", "제로\u200b폭", "줄\n바꿈", "a\u0001b",
            "\ufeffBOM", "[MASK] 가 [CLS]");

    private static Path exported;

    /** The Korean test corpus plus lines of jamo laughter and crying in runs of every length up to 12. */
    @BeforeAll
    static void train(@TempDir Path dir) throws IOException {
        List<String> extra = new ArrayList<>();
        for (int n = 1; n <= 12; n++) {
            for (String j : JAMO) extra.add("영화 " + j.substring(0, 1).repeat(n) + " 재밌다" + j.substring(0, 1).repeat(n));
        }
        Path jamo = Files.write(dir.resolve("jamo.txt"), extra);
        exported = dir.resolve("out");
        TokenizerTrainer.train(TextCorpus.of(List.of(TrainedTokenizerParityTest.KO_SMALL, jamo)),
                TrainerOptions.defaults(TrainerOptions.Algorithm.UNIGRAM, 3000), exported, TrainingProgress.NONE);
    }

    @Test
    void spmModelTokenizerJsonAndTheRustLibraryGiveTheSameIds() throws IOException {
        Path spmOnly = Files.createDirectories(exported.resolveSibling("spm-only"));
        Files.copy(exported.resolve("spm.model"), spmOnly.resolve("spm.model"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Tokenizer fromSpm = Tokenizer.load(spmOnly);
        Tokenizer fromJson = Tokenizer.load(exported);
        List<String> texts = new ArrayList<>(PROBES);
        for (String j : JAMO) {
            for (int n = 1; n <= 40; n++) texts.add(j.substring(0, 1).repeat(n));   // ties between e.g. ㅋㅋ+ㅋㅋㅋ, ㅋㅋㅋ+ㅋㅋ
        }
        assertThat(fromJson.encode("ㅋㅋㅋ").ids()).doesNotContain(fromJson.unkId());
        try (DjlOracle rust = new DjlOracle(exported.resolve("tokenizer.json"), "false", 0, 0)) {
            for (String t : texts) {
                int[] ids = fromJson.encode(t).ids();
                assertThat(fromSpm.encode(t).ids()).as("spm.model: %s", t).containsExactly(ids);
                assertThat(rust.encode(t, null).ids()).as("Rust tokenizers: %s", t).containsExactly(ids);
            }
        }
    }

    @Test
    void transformersIsToldToReadTokenizerJsonAsWritten() throws IOException {
        JsonNode config = MAPPER.readTree(exported.resolve("tokenizer_config.json").toFile());
        assertThat(config.get("tokenizer_class").asText()).isEqualTo("PreTrainedTokenizerFast");
        assertThat(config.get("model_input_names")).extracting(JsonNode::asText)
                .containsExactly("input_ids", "token_type_ids", "attention_mask");
    }

    /**
     * serde_json (Rust tokenizers) reads a JSON number with digits M and k decimals as (M as f64) / 10^k: exact
     * only when M is a double itself and 10^k is (k &le; 22). Every score must be written that way, and still read
     * back as the spm.model's float.
     */
    @Test
    void everyScoreIsWrittenAsADecimalThatEveryParserReadsExactly() throws IOException {
        List<String> literals = new ArrayList<>();   // the numbers' text as written, not as a parser rounds them
        try (JsonParser p = MAPPER.getFactory().createParser(exported.resolve("tokenizer.json").toFile())) {
            while (p.nextToken() != null && !(p.currentToken() == JsonToken.FIELD_NAME && p.currentName().equals("vocab"))) {
                // skip to the vocabulary
            }
            int depth = 0;
            do {
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_ARRAY) depth++;
                if (t == JsonToken.END_ARRAY) depth--;
                if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) literals.add(p.getText());
            } while (depth > 0);
        }
        JsonNode vocab = MAPPER.readTree(exported.resolve("tokenizer.json").toFile()).get("model").get("vocab");
        assertThat(literals).hasSize(3000).hasSameSizeAs(vocab);
        for (int i = 0; i < literals.size(); i++) {
            double read = vocab.get(i).get(1).doubleValue();
            UnigramExportTest.assertReadExactly(new BigDecimal(literals.get(i)), read);
            assertThat((double) (float) read).as("a float32 score").isEqualTo(read);
        }
    }
}
