package dev.deberta4j.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The scores and metadata {@link TokenizerJsonWriter} writes for a Unigram vocabulary, and their rewrite. */
public class UnigramExportTest {
    private static final List<String> PIECES = List.of("[PAD]", "[CLS]", "[SEP]", "[UNK]", "▁", "ㅋ", "ㅋㅋ", "ㅋㅋㅋ",
            "▁ㅋㅋ", "가", "나", "[MASK]");
    /** Float32 scores; the first three read one ulp off in serde_json when printed shortest. */
    private static final double[] SCORES = {0, 0, 0, 0, -7.2186784744262695, -11.164873123168945, -16.068164825439452,
            -3.4500443935394287, -5.0586652755737305, -6.1387939453125, -9.89383316040039, 0};

    /**
     * {@code d} reads as {@code v} both correctly rounded and the way serde_json (Rust tokenizers) reads it:
     * its digits M as an integer (a u64), converted to a double, divided by 10^k (a double table, k &le; 22).
     */
    public static void assertReadExactly(BigDecimal d, double v) {
        BigInteger m = d.unscaledValue().abs();
        assertThat(d.doubleValue()).as("%s read correctly rounded", d).isEqualTo(v);
        assertThat(d.scale()).as("%s: 10^k exact", d).isBetween(0, 22);
        assertThat(m.bitLength()).as("%s: M fits a u64", d).isLessThanOrEqualTo(64);
        double serde = m.doubleValue() / Double.parseDouble("1e" + d.scale());
        assertThat(d.signum() < 0 ? -serde : serde).as("%s read the serde_json way", d).isEqualTo(v);
    }

    @Test
    void scoresAreWrittenAsDecimalsEveryParserReadsExactly() {
        for (double v : SCORES) assertReadExactly(TokenizerJsonWriter.exactDecimal(v), v);
        assertThat(TokenizerJsonWriter.exactDecimal(-6.1387939453125)).hasToString("-6.1387939453125");
        Random random = new Random(7);
        int misread = 0;   // values with no such decimal under 2^64 (e.g. -1.9222126007080078), printed shortest
        for (int i = 0; i < 20_000; i++) {
            double v = -random.nextFloat() * 40;
            BigDecimal d = TokenizerJsonWriter.exactDecimal(v);
            assertThat(d.doubleValue()).isEqualTo(v);
            double serde = d.unscaledValue().abs().doubleValue() / Double.parseDouble("1e" + d.scale());
            if (-serde != v) misread++;
        }
        assertThat(misread).as("scores serde_json misreads").isLessThan(100);   // shortest printing: ~5,000
    }

    @Test
    void theShortestPrintingReadsOffInSerdeWhichIsWhyItIsNotUsed() {
        BigDecimal shortest = new BigDecimal(Double.toString(-7.2186784744262695));
        double serde = -shortest.unscaledValue().abs().doubleValue() / Double.parseDouble("1e" + shortest.scale());
        assertThat(serde).isEqualTo(Math.nextUp(-7.2186784744262695));
    }

    @Test
    void rewritingAnOlderExportKeepsSpmModelAndIdsAndGivesTodaysFiles(@TempDir Path dir) throws IOException {
        Path today = dir.resolve("today");
        TokenizerJsonWriter.writeUnigram(today, PIECES, SCORES, Set.of("[PAD]", "[CLS]", "[SEP]", "[MASK]"), "[UNK]",
                16, TokenizerConfig.defaults());
        Path old = dir.resolve("old");
        Files.createDirectories(old);
        for (String f : List.of("spm.model", "special_tokens_map.json")) Files.copy(today.resolve(f), old.resolve(f));
        // What the export wrote before: class DebertaV2Tokenizer, scores printed shortest.
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode config = (ObjectNode) mapper.readTree(today.resolve("tokenizer_config.json").toFile());
        config.remove("model_input_names");
        config.put("tokenizer_class", "DebertaV2Tokenizer").put("vocab_type", "spm");
        mapper.writeValue(old.resolve("tokenizer_config.json").toFile(), config);
        ObjectNode json = (ObjectNode) mapper.readTree(today.resolve("tokenizer.json").toFile());
        for (var row : json.get("model").get("vocab")) ((ArrayNode) row).set(1, mapper.getNodeFactory().numberNode(row.get(1).doubleValue()));
        mapper.writeValue(old.resolve("tokenizer.json").toFile(), json);
        Tokenizer before = Tokenizer.load(old);
        byte[] spm = Files.readAllBytes(old.resolve("spm.model"));

        TokenizerJsonWriter.rewriteUnigram(old);

        for (String f : List.of("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "spm.model")) {
            assertThat(Files.readAllBytes(old.resolve(f))).as(f).isEqualTo(Files.readAllBytes(today.resolve(f)));
        }
        assertThat(Files.readAllBytes(old.resolve("spm.model"))).isEqualTo(spm);
        Tokenizer after = Tokenizer.load(old);
        for (String s : List.of("ㅋㅋㅋㅋㅋㅋㅋ 가나", "ㅋ가ㅋㅋ나ㅋㅋㅋ", "[MASK] ㅋㅋ")) {
            assertThat(after.encode(s).ids()).as(s).containsExactly(before.encode(s).ids());
        }
    }
}
