package dev.deberta4j.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tokenizers published without a tokenizer.json, against the Rust tokenizers library (DJL) running the
 * tokenizer.json transformers' converters make: a vocab.txt-only BERT repository under several tokenizer_config.json
 * settings (the oracle's tokenizer.json is the shipped koelectra-v1-wordpiece one with its BertNormalizer edited
 * to those settings, independently of our conversion), and an XLM-R-shaped SentencePiece model (Unigram and BPE type).
 */
class ConvertedTokenizerParityTest {
    private static final Path ELECTRA = ReferenceCase.ROOT.resolve("koelectra-v1-wordpiece");
    private static final Path KO = ReferenceCase.ROOT.resolve("ko-unigram-8k");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void vocabTxtAsPublishedMatchesRust() {
        DjlParityTest.run("koelectra vocab.txt", Tokenizer.load(ELECTRA.resolve("vocab.txt")),
                ELECTRA.resolve("tokenizer.json"), DjlParityTest.cases(DjlParityTest.DEFAULT_CASES), 20261207L);
    }

    @Test
    void vocabTxtWithoutDoLowerCaseLowercasesAndStripsAccentsAsBertTokenizer() throws IOException {
        Path repo = vocabRepo("default", "{}");
        Path oracle = editedElectraJson("default", true, null, true);
        DjlParityTest.run("vocab.txt default config", Tokenizer.load(repo), oracle,
                DjlParityTest.cases(DjlParityTest.DEFAULT_CASES) / 2, 20261208L);
        assertThat(Tokenizer.load(repo).encode("ÀBC").tokens()).isEqualTo(Tokenizer.load(repo).encode("abc").tokens());
    }

    @Test
    void vocabTxtStripAccentsAndChineseCharsSettingsAreFollowed() throws IOException {
        Path repo = vocabRepo("flags", "{\"do_lower_case\": true, \"strip_accents\": false, "
                + "\"tokenize_chinese_chars\": false, \"never_split\": [\"[CLS]\"]}");
        Path oracle = editedElectraJson("flags", true, false, false);
        DjlParityTest.run("vocab.txt strip_accents false, tokenize_chinese_chars false", Tokenizer.load(repo), oracle,
                DjlParityTest.cases(DjlParityTest.DEFAULT_CASES) / 2, 20261209L);
    }

    @Test
    void vocabTxtLinesFollowPythonsUniversalNewlinesAndTheLastDuplicateWins() throws IOException {
        Path repo = Files.createDirectories(dir.resolve("lines"));
        Files.writeString(repo.resolve("vocab.txt"), "[PAD]\r\n[UNK]\r[CLS]\n[SEP]\n[MASK]\n가\n##나\n가\n");
        Files.writeString(repo.resolve("tokenizer_config.json"), "{\"do_lower_case\": false}");
        Tokenizer t = Tokenizer.load(repo);
        assertThat(t.tokenToId("[CLS]")).isEqualTo(2);
        assertThat(t.encode("가나").ids()).containsExactly(2, 7, 6, 3);
        assertThat(t.encode("다").tokens()).containsExactly("[CLS]", "[UNK]", "[SEP]");
    }

    @Test
    void koBertAndRemoteCodeTokenizersAreRefusedByName() throws IOException {
        Path kobert = vocabRepo("kobert", "{\"do_lower_case\": false}");
        Files.write(kobert.resolve("tokenizer_78b3253a26.model"), new byte[]{0});
        assertThatThrownBy(() -> Tokenizer.load(kobert)).isInstanceOf(TokenizerFormatException.class)
                .hasMessageContaining("KoBERT tokenizer (KoBertTokenizer").hasMessageContaining("not supported");
        Path remote = vocabRepo("remote", "{\"tokenizer_class\": \"MyTokenizer\", \"auto_map\": "
                + "{\"AutoTokenizer\": [\"tok.MyTokenizer\", null]}}");
        assertThatThrownBy(() -> Tokenizer.load(remote)).hasMessageContaining("auto_map")
                .hasMessageContaining("MyTokenizer").hasMessageContaining("no remote code");
        Path other = vocabRepo("other", "{\"tokenizer_class\": \"XLNetTokenizer\"}");
        assertThatThrownBy(() -> Tokenizer.load(other)).hasMessageContaining("XLNetTokenizer")
                .hasMessageContaining("not a BertTokenizer");
    }

    @Test
    void xlmRobertaSentencePieceHasFairseqIdsAndMatchesRust() throws IOException {
        Path repo = xlmrRepo("unigram", SentencePieceModel.MODEL_UNIGRAM);
        Tokenizer ours = Tokenizer.load(repo);
        SentencePieceModel spm = SentencePieceModel.read(repo.resolve("sentencepiece.bpe.model"));
        assertThat(List.of(ours.tokenToId("<s>"), ours.tokenToId("<pad>"), ours.tokenToId("</s>"),
                ours.tokenToId("<unk>"))).containsExactly(0, 1, 2, 3);
        assertThat(ours.tokenToId(spm.pieces().get(3).piece())).isEqualTo(4);            // spm id + 1
        assertThat(ours.tokenToId(spm.pieces().get(100).piece())).isEqualTo(101);
        assertThat(ours.maskId()).isEqualTo(spm.pieces().size() + 1);                     // <mask> last
        assertThat(ours.vocabSize()).isEqualTo(spm.pieces().size() + 2);
        Encoding pair = ours.encode("안녕", "하세요");
        assertThat(pair.tokens()[0]).isEqualTo("<s>");
        assertThat(pair.tokens()).containsSubsequence("</s>", "</s>");
        assertThat(pair.typeIds()).containsOnly(0);
        // <mask> takes the space before it (lstrip, as XLMRobertaTokenizer declares it): one token " <mask>"
        Encoding masked = ours.encode("나는 <mask>를");
        assertThat(masked.ids()).containsExactly(0, ours.tokenToId("\u2581나는"), ours.maskId(),
                ours.tokenToId("\u2581"), ours.tokenToId("를"), 2);
        Path json = convertedJson(repo, "sentencepiece.bpe.model");
        try (DjlOracle rust = new DjlOracle(json, "false", 0, 0)) {
            for (String s : List.of("나는 <mask>를", "<s>안녕</s> <pad>", "  두 칸  띄움  ", "<mask><mask> x", "끝 ")) {
                DjlParityTest.assertSame(ours.encode(s, null, EncodeOptions.defaults()), rust.encode(s, null), s);
                DjlParityTest.assertSame(ours.encode(s, "쌍 <mask>", EncodeOptions.defaults()),
                        rust.encode(s, "쌍 <mask>"), s + " + pair");
            }
        }
        DjlParityTest.run("xlm-r unigram", ours, json, DjlParityTest.cases(DjlParityTest.DEFAULT_CASES), 20261210L);
    }

    @Test
    void bpeTypeSentencePieceMatchesRust() throws IOException {
        Path repo = xlmrRepo("bpe", XlmRobertaConversion.MODEL_BPE);
        ObjectNode json = Tokenizer.convertedTokenizerJson(repo.resolve("sentencepiece.bpe.model"));
        assertThat(json.get("model").get("type").asText()).isEqualTo("BPE");
        assertThat(json.get("model").get("merges").size()).isGreaterThan(1000);
        DjlParityTest.run("xlm-r bpe", Tokenizer.load(repo), convertedJson(repo, "sentencepiece.bpe.model"),
                DjlParityTest.cases(DjlParityTest.DEFAULT_CASES) / 2, 20261211L);
    }

    /** A directory with koelectra's vocab.txt and the given tokenizer_config.json. */
    private Path vocabRepo(String name, String tokenizerConfig) throws IOException {
        Path repo = Files.createDirectories(dir.resolve(name));
        Files.copy(ELECTRA.resolve("vocab.txt"), repo.resolve("vocab.txt"));
        Files.writeString(repo.resolve("tokenizer_config.json"), tokenizerConfig);
        return repo;
    }

    /** The shipped koelectra tokenizer.json with its BertNormalizer set as BertConverter would set it. */
    private Path editedElectraJson(String name, boolean lowercase, Boolean stripAccents, boolean chineseChars)
            throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(ELECTRA.resolve("tokenizer.json").toFile());
        ObjectNode n = (ObjectNode) root.get("normalizer");
        n.put("lowercase", lowercase).put("handle_chinese_chars", chineseChars);
        if (stripAccents == null) n.putNull("strip_accents");
        else n.put("strip_accents", stripAccents);
        Path out = dir.resolve(name + "-oracle.json");
        JSON.writeValue(out.toFile(), root);
        return out;
    }

    /**
     * ko-unigram-8k's pieces in XLM-R's SentencePiece layout: {@code <unk>} (unknown), {@code <s>}, {@code </s>}
     * (control) first, then the normal pieces with their scores and the same normalizer charsmap.
     */
    private Path xlmrRepo(String name, int modelType) throws IOException {
        SentencePieceModel ko = SentencePieceModel.read(KO.resolve("spm.model"));
        List<SentencePieceModel.Piece> pieces = new ArrayList<>();
        pieces.add(new SentencePieceModel.Piece("<unk>", 0f, SentencePieceModel.TYPE_UNKNOWN));
        pieces.add(new SentencePieceModel.Piece("<s>", 0f, SentencePieceModel.TYPE_CONTROL));
        pieces.add(new SentencePieceModel.Piece("</s>", 0f, SentencePieceModel.TYPE_CONTROL));
        for (SentencePieceModel.Piece p : ko.pieces()) {
            if (p.type() == SentencePieceModel.TYPE_NORMAL) pieces.add(p);
        }
        SentencePieceModel spm = new SentencePieceModel(List.copyOf(pieces), modelType, 0, false, ko.normalizerName(),
                ko.precompiledCharsmap(), true, true);
        Path repo = Files.createDirectories(dir.resolve(name));
        Files.write(repo.resolve("sentencepiece.bpe.model"), spm.toBytes(16, "<unk>", "<s>", "</s>", null));
        return repo;
    }

    private Path convertedJson(Path repo, String file) throws IOException {
        Path out = dir.resolve(repo.getFileName() + "-converted.json");
        JSON.writeValue(out.toFile(), Tokenizer.convertedTokenizerJson(repo.resolve(file)));
        return out;
    }
}
