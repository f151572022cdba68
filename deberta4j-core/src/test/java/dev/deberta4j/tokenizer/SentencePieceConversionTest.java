package dev.deberta4j.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** spm.model reading and its DebertaV2 conversion written out as tokenizer.json. */
class SentencePieceConversionTest {
    private static final Path KO = ReferenceCase.ROOT.resolve("ko-unigram-8k");

    @Test
    void readsPiecesScoresTypesAndNormalizer() {
        SentencePieceModel spm = SentencePieceModel.read(KO.resolve("spm.model"));
        assertThat(spm.pieces()).hasSize(8000);
        assertThat(spm.pieces().get(0)).isEqualTo(new SentencePieceModel.Piece("[PAD]", 0f, SentencePieceModel.TYPE_CONTROL));
        assertThat(spm.pieces().get(3).type()).isEqualTo(SentencePieceModel.TYPE_UNKNOWN);
        assertThat(spm.pieces().get(4)).isEqualTo(new SentencePieceModel.Piece("[MASK]", 0f, SentencePieceModel.TYPE_USER_DEFINED));
        assertThat(spm.pieces().get(5).piece()).isEqualTo(".");
        assertThat((double) spm.pieces().get(5).score()).isEqualTo(-2.957515001296997);
        assertThat(spm.unkId()).isEqualTo(3);
        assertThat(spm.byteFallback()).isFalse();
        assertThat(spm.normalizerName()).isEqualTo("nmt_nfkc");
        assertThat(spm.precompiledCharsmap()).hasSizeGreaterThan(1000);
    }

    @Test
    void writtenTokenizerJsonEqualsTheShippedConversion(@TempDir Path out) throws IOException {
        TokenizerJsonWriter.convertSentencePiece(KO.resolve("spm.model"), out);
        ObjectMapper mapper = new ObjectMapper();
        JsonNode written = mapper.readTree(out.resolve("tokenizer.json").toFile());
        JsonNode shipped = mapper.readTree(KO.resolve("tokenizer.json").toFile());
        assertThat(written).isEqualTo(shipped);

        Tokenizer reloaded = Tokenizer.load(out);
        for (ReferenceCase c : ReferenceCase.load("ko-unigram-8k")) {
            ReferenceEncodingsTest.assertMatches(reloaded.encode(c.text(), c.pair(), EncodeOptions.defaults()), c.expected(), c.id());
        }
        assertThat(mapper.readTree(out.resolve("tokenizer_config.json").toFile()).get("tokenizer_class").asText())
                .isEqualTo("DebertaV2Tokenizer");
    }

    @Test
    void lowercaseAndPunctuationSplittingConversionsMatchRust(@TempDir Path dir) throws IOException {
        Path in = Files.createDirectory(dir.resolve("in"));
        Files.copy(KO.resolve("spm.model"), in.resolve("spm.model"));
        Files.writeString(in.resolve("tokenizer_config.json"), "{\"do_lower_case\": true, \"split_by_punct\": true}");
        Path out = dir.resolve("out");
        TokenizerJsonWriter.convertSentencePiece(in.resolve("spm.model"), out);
        Tokenizer fromSpm = Tokenizer.load(in);
        try (DjlOracle rust = new DjlOracle(out.resolve("tokenizer.json"), "false", 0, 0)) {
            for (ReferenceCase c : ReferenceCase.load("ko-unigram-8k")) {
                String text = c.text() + " ABC Déjà-Vu, (X)!";
                DjlParityTest.assertSame(fromSpm.encode(text, c.pair(), EncodeOptions.defaults()), rust.encode(text, c.pair()), c.id());
            }
        }
    }

    @Test
    void malformedModelsGiveSpecificErrors(@TempDir Path dir) throws IOException {
        byte[] good = Files.readAllBytes(KO.resolve("spm.model"));
        Path truncated = dir.resolve("truncated.model");
        for (int cut : new int[]{999, 1000, 1001, 1002, good.length - 1}) {
            Files.write(truncated, java.util.Arrays.copyOf(good, cut));
            assertThatThrownBy(() -> SentencePieceModel.read(truncated)).isInstanceOf(TokenizerFormatException.class)
                    .hasMessageContaining("truncated.model").hasMessageMatching("(?s).*(runs past the end|missing|truncated).*");
        }
        Path empty = dir.resolve("empty.model");
        Files.write(empty, new byte[0]);
        assertThatThrownBy(() -> SentencePieceModel.read(empty)).isInstanceOf(TokenizerFormatException.class)
                .hasMessageContaining("empty.model: pieces: no vocabulary pieces");
        Path wrongWire = dir.resolve("wrong.model");
        Files.write(wrongWire, new byte[]{0x08, 0x01}); // field 1 (pieces) as a varint
        assertThatThrownBy(() -> SentencePieceModel.read(wrongWire)).isInstanceOf(TokenizerFormatException.class)
                .hasMessageContaining("field pieces (#1) has wire type 0, expected 2");
    }
}
