package dev.deberta4j.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Malformed or unsupported tokenizer.json content is reported with the file, JSON path and what was expected. */
class TokenizerJsonErrorsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    private ObjectNode base() throws IOException {
        return (ObjectNode) MAPPER.readTree(ReferenceCase.ROOT.resolve("ko-unigram-8k/tokenizer.json").toFile());
    }

    private Path write(ObjectNode json) throws IOException {
        Path file = dir.resolve("tokenizer.json");
        MAPPER.writeValue(file.toFile(), json);
        return file;
    }

    @Test
    void unsupportedComponentNamesTypeAndPath() throws IOException {
        ObjectNode json = base();
        ((ObjectNode) json.get("normalizer").get("normalizers").get(1)).put("type", "Foo");
        Path file = write(json);
        assertThatThrownBy(() -> Tokenizer.fromTokenizerJson(file, TokenizerConfig.defaults()))
                .isInstanceOf(TokenizerFormatException.class)
                .hasMessage("tokenizer.json: normalizer.normalizers[1]: unsupported normalizer type 'Foo'");

        json = base();
        ((ObjectNode) json.get("pre_tokenizer").get("pretokenizers").get(0)).put("type", "UnicodeScripts");
        Path file2 = write(json);
        assertThatThrownBy(() -> Tokenizer.fromTokenizerJson(file2, TokenizerConfig.defaults()))
                .hasMessage("tokenizer.json: pre_tokenizer.pretokenizers[0]: unsupported pre_tokenizer type 'UnicodeScripts'");

        json = base();
        ((ObjectNode) json.get("model")).put("type", "WordLevel");
        Path file3 = write(json);
        assertThatThrownBy(() -> Tokenizer.fromTokenizerJson(file3, TokenizerConfig.defaults()))
                .hasMessage("tokenizer.json: model: unsupported model type 'WordLevel'");

        json = base();
        ((ObjectNode) json.get("decoder")).put("type", "CTC");
        Path file4 = write(json);
        assertThatThrownBy(() -> Tokenizer.fromTokenizerJson(file4, TokenizerConfig.defaults()))
                .hasMessage("tokenizer.json: decoder: unsupported decoder type 'CTC'");
    }

    @Test
    void wrongFieldTypesNameFieldExpectedAndFound() throws IOException {
        ObjectNode json = base();
        ((ObjectNode) json.get("model")).put("unk_id", "three");
        Path file = write(json);
        assertThatThrownBy(() -> Tokenizer.fromTokenizerJson(file, TokenizerConfig.defaults()))
                .hasMessage("tokenizer.json: model.unk_id: expected an integer, found string \"three\"");

        json = base();
        ((ObjectNode) json.get("model")).put("unk_id", 9000);
        Path file2 = write(json);
        assertThatThrownBy(() -> Tokenizer.fromTokenizerJson(file2, TokenizerConfig.defaults()))
                .hasMessageContaining("model.unk_id: unk_id 9000 is outside the vocabulary of 8000");

        json = base();
        ((ObjectNode) json.get("normalizer").get("normalizers").get(1)).put("precompiled_charsmap", "!!not base64!!");
        Path file3 = write(json);
        assertThatThrownBy(() -> Tokenizer.fromTokenizerJson(file3, TokenizerConfig.defaults()))
                .hasMessageContaining("normalizer.normalizers[1].precompiled_charsmap: not valid base64");

        json = base();
        ((ObjectNode) json.get("post_processor").get("single").get(0).get("SpecialToken")).put("id", "[BOS]");
        Path file4 = write(json);
        assertThatThrownBy(() -> Tokenizer.fromTokenizerJson(file4, TokenizerConfig.defaults()))
                .hasMessage("tokenizer.json: post_processor.single[0].SpecialToken.id: special token '[BOS]' is not listed in special_tokens");

        json = base();
        ((ObjectNode) json.get("pre_tokenizer").get("pretokenizers").get(0)).put("prepend_scheme", "sometimes");
        Path file5 = write(json);
        assertThatThrownBy(() -> Tokenizer.fromTokenizerJson(file5, TokenizerConfig.defaults()))
                .hasMessageContaining("pre_tokenizer.pretokenizers[0].prepend_scheme: unsupported prepend_scheme 'sometimes'");
    }

    @Test
    void notJsonOrMissing() throws IOException {
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, "{ not json");
        assertThatThrownBy(() -> Tokenizer.load(file)).isInstanceOf(TokenizerFormatException.class)
                .hasMessageContaining("tokenizer.json").hasMessageContaining("not readable as JSON");
        assertThatThrownBy(() -> Tokenizer.load(dir.resolve("nope"))).hasMessageContaining("no such file or directory");
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThatThrownBy(() -> Tokenizer.load(empty)).hasMessageContaining("no tokenizer.json, spm.model, sentencepiece.bpe.model or vocab.txt");
        Files.writeString(file, "{\"model\": 3}");
        assertThatThrownBy(() -> Tokenizer.load(file)).hasMessage("tokenizer.json: model: expected an object, found number 3");
    }

    @Test
    void badConfigFiles() throws IOException {
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"padding_side\": \"middle\"}");
        assertThatThrownBy(() -> TokenizerConfig.read(dir))
                .hasMessage("tokenizer_config.json: padding_side: expected \"left\" or \"right\", found string \"middle\"");
    }
}
