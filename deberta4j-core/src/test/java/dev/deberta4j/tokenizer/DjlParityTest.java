package dev.deberta4j.tokenizer;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property test against the Rust Hugging Face tokenizers library (through DJL): generated adversarial strings,
 * with and without pairs and truncation, must give identical ids, tokens, type ids, masks, word ids and offsets.
 * The default run is bounded (fixed seed); {@code mvn -Pslow test} runs 100,000 cases per tokenizer
 * (override with {@code -Dtokenizer.parity.cases=N}).
 */
class DjlParityTest {
    static final int DEFAULT_CASES = 1_000;
    private static final int SLOW_CASES = 100_000;

    /** One way of encoding, on both sides. */
    private record Config(String name, String djlTruncation, EncodeOptions options, boolean pairOnly) {}

    private static final List<Config> CONFIGS = List.of(
            new Config("no truncation", "false", EncodeOptions.defaults(), false),
            new Config("longest_first 16", "longest_first", EncodeOptions.defaults().withTruncation(
                    EncodeOptions.Truncation.longestFirst(16)), false),
            new Config("only_first 20", "only_first", EncodeOptions.defaults().withTruncation(
                    new EncodeOptions.Truncation(EncodeOptions.TruncationStrategy.ONLY_FIRST, 20, 0, EncodeOptions.Side.RIGHT)), false),
            new Config("only_second 20 stride 3", "only_second", EncodeOptions.defaults().withTruncation(
                    new EncodeOptions.Truncation(EncodeOptions.TruncationStrategy.ONLY_SECOND, 20, 3, EncodeOptions.Side.RIGHT)), true));

    @Test
    void unigramMatchesRust() { run("ko-unigram-8k", cases(DEFAULT_CASES), 20261126L); }

    @Test
    void wordPieceMatchesRust() { run("koelectra-v1-wordpiece", cases(DEFAULT_CASES), 20261127L); }

    @Test
    @Tag("slow")
    void unigramMatchesRustLong() { run("ko-unigram-8k", cases(SLOW_CASES), 1L); }

    @Test
    @Tag("slow")
    void wordPieceMatchesRustLong() { run("koelectra-v1-wordpiece", cases(SLOW_CASES), 2L); }

    @Test
    void unpairedSurrogatesMatchRust() {
        String[] inputs = {"a\uD800b", "가\uDC00나 😀", "\uD83D", "\uDE00\uD83D", "x\u0000y \uD800", "[MASK]\uDBFF[SEP]"};
        for (String name : List.of("ko-unigram-8k", "koelectra-v1-wordpiece")) {
            Path dir = ReferenceCase.ROOT.resolve(name);
            Tokenizer ours = Tokenizer.load(dir);
            try (DjlOracle rust = new DjlOracle(dir.resolve("tokenizer.json"), "false", 0, 0)) {
                for (String s : inputs) {
                    assertSame(ours.encode(s, null, EncodeOptions.defaults()), rust.encode(s, null), name + " " + escape(s));
                }
            }
        }
    }

    static int cases(int fallback) {
        return Integer.getInteger("tokenizer.parity.cases", fallback);
    }

    private static void run(String name, int cases, long seed) {
        Path dir = ReferenceCase.ROOT.resolve(name);
        run(name, Tokenizer.load(dir), dir.resolve("tokenizer.json"), cases, seed);
    }

    /** {@code cases} generated texts (half with a pair), each under every truncation config, ours against Rust's. */
    static void run(String name, Tokenizer ours, Path tokenizerJson, int cases, long seed) {
        List<DjlOracle> oracles = new ArrayList<>();
        for (Config c : CONFIGS) {
            EncodeOptions.Truncation t = c.options().truncation();
            oracles.add(new DjlOracle(tokenizerJson, c.djlTruncation(),
                    t == null ? 0 : t.maxLength(), t == null ? 0 : t.stride()));
        }
        RandomText gen = new RandomText(seed);
        SplittableRandom coin = new SplittableRandom(seed ^ 0x5DEECE66DL);
        List<String> failures = new ArrayList<>();
        int compared = 0;
        try {
            for (int i = 0; i < cases && failures.size() < 10; i++) {
                String text = gen.next();
                String pair = coin.nextBoolean() ? gen.next() : null;
                for (int k = 0; k < CONFIGS.size(); k++) {
                    Config c = CONFIGS.get(k);
                    if (c.pairOnly() && pair == null) continue;
                    String what = name + " case " + i + " [" + c.name() + "] text=" + escape(text)
                            + (pair == null ? "" : " pair=" + escape(pair));
                    Encoding expected;
                    if (strideTooLarge(ours, text, pair, c.options())) {
                        compared++; // Rust panics and aborts the JVM here (stride >= room left); we throw instead.
                        continue;
                    }
                    if (System.getenv("TOKENIZER_PARITY_TRACE") != null) trace(what);
                    try {
                        expected = oracles.get(k).encode(text, pair);
                    } catch (RuntimeException rustError) {
                        // The Rust side refuses (e.g. only_first with a too-short first sequence): so must we.
                        try {
                            ours.encode(text, pair, c.options());
                            failures.add(what + ": Rust failed (" + rustError.getMessage() + ") but we did not");
                        } catch (IllegalArgumentException expectedToo) {
                            compared++;
                        }
                        continue;
                    }
                    try {
                        Encoding actual = ours.encode(text, pair, c.options());
                        assertSame(actual, expected, what);
                        if (k == 0) {
                            assertThat(ours.decode(actual.ids(), true)).as(what + " decode")
                                    .isEqualTo(oracles.get(k).decode(expected.ids(), true));
                        }
                        compared++;
                    } catch (AssertionError | RuntimeException e) {
                        failures.add(e.getMessage());
                    }
                }
            }
        } finally {
            oracles.forEach(DjlOracle::close);
        }
        assertThat(failures).as("mismatches against Rust tokenizers (first 10)").isEmpty();
        assertThat(compared).isGreaterThanOrEqualTo(cases);
    }

    /** Writes the case about to be sent to Rust, so a native abort can be traced to its input. */
    private static void trace(String what) {
        try {
            java.nio.file.Files.writeString(Path.of("target/parity-trace.txt"), what);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean strideTooLarge(Tokenizer ours, String text, String pair, EncodeOptions options) {
        try {
            ours.encode(text, pair, options);
            return false;
        } catch (IllegalArgumentException e) {
            return e.getMessage().startsWith("stride");
        }
    }

    static void assertSame(Encoding actual, Encoding expected, String what) {
        assertThat(actual.tokens()).as(what + " tokens").containsExactly(expected.tokens());
        assertThat(actual.ids()).as(what + " ids").containsExactly(expected.ids());
        assertThat(actual.typeIds()).as(what + " type ids").containsExactly(expected.typeIds());
        assertThat(actual.attentionMask()).as(what + " attention mask").containsExactly(expected.attentionMask());
        assertThat(actual.specialTokensMask()).as(what + " special tokens mask").containsExactly(expected.specialTokensMask());
        assertThat(actual.wordIds()).as(what + " word ids").containsExactly(expected.wordIds());
        assertThat(actual.offsets()).as(what + " offsets").containsExactly(expected.offsets());
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || (c >= 0x7F && c < 0xA0) || Character.isSurrogate(c) || Character.getType(c) == Character.FORMAT
                    || Character.isWhitespace(c) && c != ' ' || c == 0xA0 || c > 0x2000 && c < 0x3001 && Character.isSpaceChar(c)) {
                b.append(String.format("\\u%04X", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
