package dev.deberta4j.tokenizer;

import dev.deberta4j.hostile.Hostile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile tokenizer.json files and inputs: catastrophic regexes (exponential or stack-deep on a backtracking
 * engine), a huge added token, sparse or negative ids, a missing unknown token. Each case either tokenizes within
 * the limit or is refused with a one-line {@link TokenizerFormatException}.
 */
@Tag("hostile")
class HostileTokenizerTest {
    @TempDir Path dir;

    private Tokenizer tokenizer(String model, String preTokenizer, String addedTokens) throws IOException {
        Path file = dir.resolve("tokenizer-" + System.nanoTime() + ".json");
        Files.writeString(file, "{\"version\": \"1.0\", \"truncation\": null, \"padding\": null, \"added_tokens\": ["
                + addedTokens + "], \"normalizer\": null, \"pre_tokenizer\": " + preTokenizer
                + ", \"post_processor\": null, \"decoder\": null, \"model\": " + model + "}");
        return Tokenizer.fromTokenizerJson(file, TokenizerConfig.defaults());
    }

    private static String wordPiece(String vocab) {
        return "{\"type\": \"WordPiece\", \"unk_token\": \"[UNK]\", \"continuing_subword_prefix\": \"##\","
                + " \"max_input_chars_per_word\": 1000000, \"vocab\": {" + vocab + "}}";
    }

    private static final String AB_VOCAB = "\"[UNK]\": 0, \"a\": 1, \"b\": 2, \"c\": 3, \"##a\": 4, \"##b\": 5, \"##c\": 6";

    private static String split(String regex) {
        return "{\"type\": \"Split\", \"pattern\": {\"Regex\": \"" + regex.replace("\\", "\\\\") + "\"},"
                + " \"behavior\": \"Isolated\", \"invert\": false}";
    }

    @Test
    void nestedStarsBeforeAMissingLetter() throws IOException {
        Tokenizer t = tokenizer(wordPiece(AB_VOCAB), split("a*a*a*b"), "");
        // 34 s on 500 characters with java.util.regex; linear now, so 20,000 are nothing
        Hostile.survives("regex: Split a*a*a*b on 20,000 'a'", () ->
                t.encode("a".repeat(20_000)));
    }

    @Test
    void repeatedGroupBeforeAMissingLetter() throws IOException {
        Tokenizer t = tokenizer(wordPiece(AB_VOCAB), split("(?:ab)*c"), "");
        Hostile.survives("regex: Split (?:ab)*c on 80,000 characters", () -> t.encode("ab".repeat(40_000)));
    }

    @Test
    void alternationUnderAStar() throws IOException {
        Tokenizer t = tokenizer(wordPiece(AB_VOCAB), split("(a|b)*"), "");
        // a StackOverflowError on 2,000 characters with java.util.regex
        Hostile.survives("regex: Split (a|b)* on 200,000 characters", () -> t.encode("ab".repeat(100_000)));
    }

    @Test
    void regexWithABackreferenceIsRefused() {
        Hostile.refuses("regex: backreference (a)\\1 (not linear-time)", TokenizerFormatException.class,
                "backreference", () -> tokenizer(wordPiece(AB_VOCAB), split("(a)\\1"), ""));
    }

    @Test
    void longAddedTokenThatAlmostMatchesEverywhere() throws IOException {
        String token = "a".repeat(20_000) + "b";
        Tokenizer t = tokenizer(wordPiece(AB_VOCAB), "null", "{\"id\": 7, \"content\": \"" + token
                + "\", \"single_word\": false, \"lstrip\": false, \"rstrip\": false, \"normalized\": false,"
                + " \"special\": true}");
        // 43 s on 100,000 characters with a trie walked from every position
        Hostile.survives("added tokens: a 20,001-character token on 100,000 characters", () ->
                assertThat(t.encode("a".repeat(100_000) + "b").ids()).contains(7));
    }

    @Test
    void bpeIdNearIntMax() throws IOException {
        String bpe = "{\"type\": \"BPE\", \"unk_token\": null, \"vocab\": {\"a\": 0, \"b\": 2147483647}, \"merges\": []}";
        Tokenizer t = tokenizer(bpe, "null", "");
        Hostile.survives("BPE: token id 2^31-1 (was NegativeArraySizeException)", () ->
                assertThat(t.encode("ab").ids()).containsExactly(0, 2147483647));
    }

    @Test
    void negativeWordPieceId() {
        Hostile.refuses("WordPiece: negative token id", TokenizerFormatException.class, "is negative",
                () -> tokenizer(wordPiece("\"[UNK]\": 0, \"a\": -3"), "null", ""));
    }

    @Test
    void wordPieceWithoutItsUnknownToken() throws IOException {
        Tokenizer t = tokenizer(wordPiece("\"a\": 0"), "null", "");
        Hostile.refuses("WordPiece: vocabulary without its unk_token, on an unknown word",
                TokenizerFormatException.class, "unk_token '[UNK]' is not in the vocabulary", () -> t.encode("xyz"));
    }

    @Test
    void unigramNegativeUnknownId() {
        String unigram = "{\"type\": \"Unigram\", \"unk_id\": -5, \"vocab\": [[\"a\", -1.0], [\"b\", -2.0]]}";
        Hostile.refuses("Unigram: unk_id -5 (then an unknown character)", TokenizerFormatException.class,
                "unk_id -5 is negative", () -> tokenizer(unigram, "null", "").encode("z"));
    }
}
