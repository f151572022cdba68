package dev.deberta4j.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The public API: special tokens, pairs, batches, truncation windows, padding, decoding. */
class TokenizerApiTest {
    private static final Path KO = ReferenceCase.ROOT.resolve("ko-unigram-8k");
    private static final Tokenizer TOKENIZER = Tokenizer.load(KO);
    private static final String LONG = "그녀는 푸른색이었고 항상 눈을 감고 있었다. 남자들이 통나무를 톱질하고 있다. 고백했다 차이면 어쩌지?";

    @Test
    void specialTokensAndVocabulary() {
        assertThat(TOKENIZER.padId()).isZero();
        assertThat(TOKENIZER.clsId()).isEqualTo(1);
        assertThat(TOKENIZER.sepId()).isEqualTo(2);
        assertThat(TOKENIZER.unkId()).isEqualTo(3);
        assertThat(TOKENIZER.maskId()).isEqualTo(4);
        assertThat(TOKENIZER.maskToken()).isEqualTo("[MASK]");
        assertThat(TOKENIZER.vocabSize()).isEqualTo(8000);
        assertThat(TOKENIZER.modelMaxLength()).isEqualTo(TokenizerConfig.UNLIMITED);
        assertThat(TOKENIZER.idToToken(6)).isEqualTo("▁");
        assertThat(TOKENIZER.tokenToId("▁")).isEqualTo(6);
        assertThat(TOKENIZER.tokenToId("no such token")).isEqualTo(-1);
        assertThat(TOKENIZER.idToToken(123456)).isNull();
        Tokenizer electra = Tokenizer.load(ReferenceCase.ROOT.resolve("koelectra-v1-wordpiece"));
        assertThat(electra.modelMaxLength()).isEqualTo(512);
        assertThat(electra.clsId()).isEqualTo(2);
        assertThat(electra.vocabSize()).isEqualTo(32200);
        assertThat(TOKENIZER.specialTokenIds()).containsExactly(0, 1, 2, 3, 4);
        assertThat(electra.specialTokenIds()).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void withoutSpecialTokens() {
        Encoding with = TOKENIZER.encode("안녕하세요 세계", "둘째 문장", EncodeOptions.defaults());
        Encoding without = TOKENIZER.encode("안녕하세요 세계", "둘째 문장", EncodeOptions.defaults().withAddSpecialTokens(false));
        assertThat(with.length()).isEqualTo(without.length() + 3);
        assertThat(without.specialTokensMask()).containsOnly(0);
        assertThat(with.ids()[0]).isEqualTo(TOKENIZER.clsId());
    }

    @Test
    void batchEqualsOneByOneAndIsThreadSafe() {
        List<String> texts = new ArrayList<>();
        List<String> pairs = new ArrayList<>();
        RandomText gen = new RandomText(7);
        for (int i = 0; i < 400; i++) {
            texts.add(gen.next());
            pairs.add(gen.next());
        }
        List<Encoding> batch = TOKENIZER.encodeBatch(texts, pairs, EncodeOptions.defaults());
        IntStream.range(0, texts.size()).parallel().forEach(i -> {
            Encoding single = TOKENIZER.encode(texts.get(i), pairs.get(i), EncodeOptions.defaults());
            assertThat(batch.get(i).ids()).containsExactly(single.ids());
            assertThat(batch.get(i).offsets()).containsExactly(single.offsets());
        });
    }

    @Test
    void paddingToLongestMultipleOfAndLeft() {
        List<String> texts = List.of("짧다", LONG);
        EncodeOptions longest = EncodeOptions.defaults().withPadding(EncodeOptions.Padding.longest());
        List<Encoding> padded = TOKENIZER.encodeBatch(texts, null, longest);
        Encoding shortOne = TOKENIZER.encode("짧다");
        int longLength = TOKENIZER.encode(LONG).length();
        assertThat(padded.get(0).length()).isEqualTo(longLength);
        assertThat(padded.get(1).length()).isEqualTo(longLength);
        Encoding p = padded.get(0);
        for (int i = 0; i < longLength; i++) {
            boolean pad = i >= shortOne.length();
            assertThat(p.ids()[i]).isEqualTo(pad ? TOKENIZER.padId() : shortOne.ids()[i]);
            assertThat(p.attentionMask()[i]).isEqualTo(pad ? 0 : 1);
            assertThat(p.specialTokensMask()[i]).isEqualTo(pad ? 1 : shortOne.specialTokensMask()[i]);
            assertThat(p.wordIds()[i]).isEqualTo(pad ? -1 : shortOne.wordIds()[i]);
            assertThat(p.tokens()[i]).isEqualTo(pad ? "[PAD]" : shortOne.tokens()[i]);
        }

        EncodeOptions multiple = EncodeOptions.defaults().withPadding(
                new EncodeOptions.Padding(EncodeOptions.PaddingStrategy.LONGEST, 0, 8, EncodeOptions.Side.LEFT));
        Encoding left = TOKENIZER.encode("짧다", null, multiple);
        assertThat(left.length()).isEqualTo(8);
        int pads = 8 - shortOne.length();
        assertThat(left.ids()).startsWith(new int[pads]);
        assertThat(left.ids()).endsWith(shortOne.ids());
        assertThat(left.attentionMask()).startsWith(new int[pads]);

        Encoding fixed = TOKENIZER.encode("짧다", null, EncodeOptions.defaults().withPadding(EncodeOptions.Padding.maxLength(20)));
        assertThat(fixed.length()).isEqualTo(20);
        Encoding notShortened = TOKENIZER.encode(LONG, null, EncodeOptions.defaults().withPadding(EncodeOptions.Padding.maxLength(5)));
        assertThat(notShortened.length()).isEqualTo(longLength);
    }

    @Test
    void paddingSideComesFromTokenizerConfig(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        java.nio.file.Files.copy(KO.resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        java.nio.file.Files.writeString(dir.resolve("tokenizer_config.json"),
                "{\"padding_side\": \"left\", \"model_max_length\": 128, \"mask_token\": {\"content\": \"[MASK]\"}}");
        Tokenizer leftPadding = Tokenizer.load(dir);
        assertThat(leftPadding.modelMaxLength()).isEqualTo(128);
        assertThat(leftPadding.maskId()).isEqualTo(4);
        Encoding e = leftPadding.encode("짧다", null, EncodeOptions.defaults().withPadding(EncodeOptions.Padding.maxLength(10)));
        assertThat(e.ids()[0]).isEqualTo(leftPadding.padId());
        assertThat(e.ids()[9]).isEqualTo(leftPadding.sepId());
        Encoding right = TOKENIZER.encode("짧다", null, EncodeOptions.defaults().withPadding(EncodeOptions.Padding.maxLength(10)));
        assertThat(right.ids()[0]).isEqualTo(TOKENIZER.clsId());
        assertThat(right.ids()[9]).isEqualTo(TOKENIZER.padId());
    }

    @Test
    void overflowingWindowsWithStrideMatchRust() throws IOException {
        EncodeOptions options = EncodeOptions.defaults().withTruncation(
                new EncodeOptions.Truncation(EncodeOptions.TruncationStrategy.LONGEST_FIRST, 12, 3, EncodeOptions.Side.RIGHT));
        Encoding ours = TOKENIZER.encode(LONG, null, options);
        new DjlOracle(KO.resolve("tokenizer.json"), "false", 0, 0).close(); // sets the DJL cache directory
        try (HuggingFaceTokenizer rust = HuggingFaceTokenizer.builder().optTokenizerPath(KO.resolve("tokenizer.json"))
                .optTruncation(true).optMaxLength(12).optStride(3).optWithOverflowingTokens(true).optPadding(false).build()) {
            ai.djl.huggingface.tokenizers.Encoding expected = rust.encode(LONG);
            assertThat(ours.overflowing()).hasSize(expected.getOverflowing().length).isNotEmpty();
            assertSameIds(ours, expected);
            for (int i = 0; i < ours.overflowing().size(); i++) {
                assertSameIds(ours.overflowing().get(i), expected.getOverflowing()[i]);
            }
        }
        // Consecutive windows overlap by the stride (3 tokens), specials excluded.
        Encoding first = ours;
        Encoding second = ours.overflowing().getFirst();
        assertThat(java.util.Arrays.copyOfRange(second.ids(), 1, 4))
                .containsExactly(java.util.Arrays.copyOfRange(first.ids(), first.length() - 4, first.length() - 1));
    }

    @Test
    void pairOverflowingWindowsMatchRust() throws IOException {
        String longB = "짧은 두 번째 문장이지만 이것도 잘릴 만큼은 길다. 정말로 그렇다.";
        for (EncodeOptions.TruncationStrategy strategy : EncodeOptions.TruncationStrategy.values()) {
            // only_first / only_second need the other sequence to fit on its own.
            String a = strategy == EncodeOptions.TruncationStrategy.ONLY_SECOND ? "짧다" : LONG;
            String b = strategy == EncodeOptions.TruncationStrategy.ONLY_FIRST ? "짧다" : longB;
            EncodeOptions options = EncodeOptions.defaults().withTruncation(
                    new EncodeOptions.Truncation(strategy, 16, 2, EncodeOptions.Side.RIGHT));
            Encoding ours = TOKENIZER.encode(a, b, options);
            new DjlOracle(KO.resolve("tokenizer.json"), "false", 0, 0).close();
            HuggingFaceTokenizer.Builder builder = HuggingFaceTokenizer.builder().optTokenizerPath(KO.resolve("tokenizer.json"))
                    .optMaxLength(16).optStride(2).optWithOverflowingTokens(true).optPadding(false);
            switch (strategy) {
                case LONGEST_FIRST -> builder.optTruncation(true);
                case ONLY_FIRST -> builder.optTruncateFirstOnly();
                case ONLY_SECOND -> builder.optTruncateSecondOnly();
            }
            try (HuggingFaceTokenizer rust = builder.build()) {
                ai.djl.huggingface.tokenizers.Encoding expected = rust.encode(a, b);
                assertSameIds(ours, expected);
                assertThat(ours.overflowing()).as(strategy.name()).hasSize(expected.getOverflowing().length);
                for (int i = 0; i < ours.overflowing().size(); i++) {
                    assertSameIds(ours.overflowing().get(i), expected.getOverflowing()[i]);
                    long[] types = expected.getOverflowing()[i].getTypeIds();
                    for (int k = 0; k < types.length; k++) {
                        assertThat((long) ours.overflowing().get(i).typeIds()[k]).isEqualTo(types[k]);
                    }
                }
            }
        }
    }

    private static void assertSameIds(Encoding ours, ai.djl.huggingface.tokenizers.Encoding rust) {
        long[] ids = rust.getIds();
        assertThat(ours.ids()).hasSize(ids.length);
        for (int i = 0; i < ids.length; i++) assertThat((long) ours.ids()[i]).isEqualTo(ids[i]);
    }

    @Test
    void truncationStrategiesOnPairs() {
        String a = LONG;
        String b = "짧은 두 번째 문장.";
        int la = TOKENIZER.encode(a, null, EncodeOptions.defaults().withAddSpecialTokens(false)).length();
        int lb = TOKENIZER.encode(b, null, EncodeOptions.defaults().withAddSpecialTokens(false)).length();
        Encoding onlyFirst = TOKENIZER.encode(a, b, EncodeOptions.defaults().withTruncation(
                new EncodeOptions.Truncation(EncodeOptions.TruncationStrategy.ONLY_FIRST, 20, 0, EncodeOptions.Side.RIGHT)));
        assertThat(onlyFirst.length()).isEqualTo(20);
        assertThat(count(onlyFirst.typeIds(), 1)).isEqualTo(lb + 1);
        assertThatThrownBy(() -> TOKENIZER.encode(a, b, EncodeOptions.defaults().withTruncation(
                new EncodeOptions.Truncation(EncodeOptions.TruncationStrategy.ONLY_SECOND, 20, 0, EncodeOptions.Side.RIGHT))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too short");
        Encoding left = TOKENIZER.encode(a, null, EncodeOptions.defaults().withTruncation(
                new EncodeOptions.Truncation(EncodeOptions.TruncationStrategy.LONGEST_FIRST, 10, 0, EncodeOptions.Side.LEFT)));
        Encoding full = TOKENIZER.encode(a);
        assertThat(java.util.Arrays.copyOfRange(left.ids(), 1, 9))
                .containsExactly(java.util.Arrays.copyOfRange(full.ids(), la + 1 - 8, la + 1));
        assertThatThrownBy(() -> TOKENIZER.encode(a, b, EncodeOptions.defaults().withTruncation(EncodeOptions.Truncation.longestFirst(2))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("special tokens");
    }

    private static int count(int[] a, int v) {
        int n = 0;
        for (int x : a) if (x == v) n++;
        return n;
    }

    @Test
    void decode() {
        Encoding e = TOKENIZER.encode("이 문장에는 [MASK] 토큰이 있습니다.");
        assertThat(TOKENIZER.decode(e.ids(), true)).isEqualTo("이 문장에는 토큰이 있습니다.");
        assertThat(TOKENIZER.decode(e.ids(), false)).isEqualTo("[CLS] 이 문장에는[MASK] 토큰이 있습니다.[SEP]"); // Metaspace decoding: [MASK] carries no ▁
        assertThat(TOKENIZER.decode(new int[]{999_999}, false)).isEmpty();
    }

    @Test
    void offsetsAreCodePointsOfTheOriginal() {
        Encoding e = TOKENIZER.encode("a😀b");
        assertThat(e.start(e.length() - 2)).isEqualTo(2);
        assertThat(e.end(e.length() - 2)).isEqualTo(3);
    }
}
