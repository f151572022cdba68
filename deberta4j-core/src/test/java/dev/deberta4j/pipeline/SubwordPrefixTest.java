package dev.deberta4j.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The word-continuation prefix the token classifier joins pieces by, for each tokenizer file a directory may hold. */
class SubwordPrefixTest {
    @TempDir
    Path dir;

    @Test
    void tokenizerJsonWinsThenVocabTxtMeansWordPieceAndSentencePieceHasNone() throws IOException {
        assertThat(SubwordPrefix.read(dir)).isNull();
        Files.writeString(dir.resolve("vocab.txt"), "[UNK]\n");
        assertThat(SubwordPrefix.read(dir)).isEqualTo("##");
        Files.write(dir.resolve("sentencepiece.bpe.model"), new byte[0]);
        assertThat(SubwordPrefix.read(dir)).isNull();
        Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": {\"continuing_subword_prefix\": \"@@\"}}");
        assertThat(SubwordPrefix.read(dir)).isEqualTo("@@");
    }
}
