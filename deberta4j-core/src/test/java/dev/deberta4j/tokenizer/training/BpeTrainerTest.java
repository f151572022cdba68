package dev.deberta4j.tokenizer.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deberta4j.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Byte-level BPE: the 256-byte alphabet and hand-checked merges. */
class BpeTrainerTest {
    @Test
    void byteAlphabetThenMerges(@TempDir Path dir) throws IOException {
        // Words: "ab" once, "Ġab" twice (GPT-2 split keeps the space). Pairs: (a,b) 3 then (Ġ,ab) 2.
        Path out = WordPieceTrainerTest.train(dir, "ab ab ab", TrainerOptions.Algorithm.BPE, 4 + 256 + 2 + 1);
        List<String> vocab = WordPieceTrainerTest.vocab(out);
        assertThat(vocab).hasSize(263);
        assertThat(vocab.subList(0, 5)).containsExactly("[PAD]", "[CLS]", "[SEP]", "[UNK]", "!");
        assertThat(vocab.subList(260, 263)).containsExactly("ab", "Ġab", "[MASK]");
        JsonNode merges = new ObjectMapper().readTree(out.resolve("tokenizer.json").toFile()).get("model").get("merges");
        assertThat(merges.toString()).isEqualTo("[[\"a\",\"b\"],[\"Ġ\",\"ab\"]]");

        Tokenizer tok = Tokenizer.load(out);
        assertThat(tok.encode("ab ab").tokens()).containsExactly("[CLS]", "ab", "Ġab", "[SEP]");
        // Nothing is unknown at the byte level: Korean comes out as byte tokens and decodes back.
        int[] ids = tok.encode("한글 ab").ids();
        assertThat(ids).doesNotContain(tok.unkId());
        assertThat(tok.decode(ids, true)).isEqualTo("한글 ab");
    }
}
