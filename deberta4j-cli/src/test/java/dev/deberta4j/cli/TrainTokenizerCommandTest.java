package dev.deberta4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code deberta4j train-tokenizer}: trains what tokenize then loads; bad options are one-line errors. */
class TrainTokenizerCommandTest {
    @TempDir
    Path dir;

    @Test
    void trainsAUnigramTokenizerThatTokenizeUses() throws IOException {
        Path corpus = Files.writeString(dir.resolve("c.txt"), "안녕하세요 반갑습니다\n안녕 친구야\n".repeat(40));
        Path out = dir.resolve("tok");
        CliRun run = CliRun.of("train-tokenizer", "--input", corpus.toString(), "--model", "unigram", "--vocab-size", "30",
                "--output", out.toString(), "--threads", "2");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("trained unigram").contains("tokenizer.json");
        assertThat(run.err()).contains("count words").contains("EM + pruning");
        assertThat(out.resolve("spm.model")).exists();
        Path text = Files.writeString(dir.resolve("in.jsonl"), "{\"text\": \"안녕하세요 친구야\"}\n");
        CliRun tokenize = CliRun.of("tokenize", "--tokenizer", out.toString(), "--input", text.toString());
        assertThat(tokenize.code()).as(tokenize.err()).isZero();
        assertThat(tokenize.out()).contains("\"tokens\":[\"[CLS]\",\"▁안녕하세요\",\"▁친구야\",\"[SEP]\"]");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--model|sentencepiece|--model: expected wordpiece, unigram or bpe, found 'sentencepiece'",
            "--vocab-size|5|--vocab-size: 5 leaves no room after the 5 special tokens",
            "--threads|0|--threads: expected >= 1, found 0",
            "--special-tokens|[CLS]|--special-tokens: '[CLS]' is given twice or is built in",
            "--input|/no/such/file|/no/such/file: no such file or directory"})
    void badOptionsAreOneLineErrors(String option, String value, String message) throws IOException {
        Path corpus = Files.writeString(dir.resolve("c.txt"), "가 나 다\n");
        String model = option.equals("--model") ? value : "wordpiece";
        String vocab = option.equals("--vocab-size") ? value : "100";
        String input = option.equals("--input") ? value : corpus.toString();
        String[] extra = option.equals("--model") || option.equals("--vocab-size") || option.equals("--input")
                ? new String[0] : new String[]{option, value};
        String[] args = new String[9 + extra.length];
        String[] base = {"train-tokenizer", "--input", input, "--model", model, "--vocab-size", vocab, "--output",
                dir.resolve("out").toString()};
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        CliRun run = CliRun.of(args);
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("deberta4j train-tokenizer: " + message
                + " (see 'deberta4j train-tokenizer --help')");
        assertThat(dir.resolve("out")).doesNotExist();
    }
}
