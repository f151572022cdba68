package dev.deberta4j.tokenizer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The linear-time engine finds the same matches as a backtracking engine with Oniguruma's meaning (Java's
 * regex in Unicode-class, multi-line mode) on the patterns tokenizer.json files use, over generated text; the
 * Rust-oracle parity tests check the tokenizers built on them against Hugging Face itself.
 */
class LinearRegexTest {
    private static final List<String> PATTERNS = List.of(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            "\\w+|[^\\w\\s]+", " {2,}", "\\s+", "\\p{N}", "[\\p{P}\\p{S}]", "\\d+|\\D", "(?i)ab+c", "^\\s+|\\s+$",
            "[가-힣]+|[a-zA-Z]+", "\\p{Han}+|\\p{Hangul}+", "a(?=b)|b", "\\w+(?!\\w)", "[^\\p{L}\\p{N}\\s]+",
            "(?:ab|a)c?", "x*");

    @Test
    void sameMatchesAsABacktrackingEngineOnGeneratedText() {
        RandomText gen = new RandomText(7);
        List<String> texts = new ArrayList<>(List.of("", " ", "  leading and trailing  ", "don't 'quoted'", "a\nb \n c",
                "abab abc aabbc", "한국어 문장 123 漢字 ＡＢＣ１２３"));
        for (int i = 0; i < 300; i++) texts.add(gen.next());
        for (String source : PATTERNS) {
            LinearRegex linear = LinearRegex.compile(source, "test");
            // Oniguruma's ^ and $ see only \n as a line end (UNIX_LINES), as RE2 does
            Pattern backtracking = Pattern.compile(source.replace("\\p{Han}", "\\p{IsHan}").replace("\\p{Hangul}", "\\p{IsHangul}"),
                    Pattern.UNICODE_CHARACTER_CLASS | Pattern.MULTILINE | Pattern.UNIX_LINES);
            for (String text : texts) {
                assertThat(spans(linear, text)).as(source + " on " + DjlParityTest.escape(text))
                        .isEqualTo(spans(backtracking, text));
            }
        }
    }

    /** The hand-written GPT-2 and Whitespace matchers against RE2/J on the same pattern, written differently. */
    @Test
    void handWrittenMatchersAgreeWithTheGeneralEngine() {
        RandomText gen = new RandomText(11);
        for (int i = 0; i < 300; i++) {
            String text = gen.next();
            assertThat(spans(LinearRegex.compile(LinearRegex.GPT2, "t"), text))
                    .isEqualTo(spans(LinearRegex.compile("(?:)" + LinearRegex.GPT2, "t"), text));
            assertThat(spans(LinearRegex.compile(LinearRegex.WORDS, "t"), text))
                    .isEqualTo(spans(LinearRegex.compile("(?:)" + LinearRegex.WORDS, "t"), text));
        }
    }

    @Test
    void constructsWithoutALinearTimeMeaningAreRefusedByName() {
        assertThatThrownBy(() -> LinearRegex.compile("(a)\\1", "model.pre_tokenizer.pattern"))
                .isInstanceOf(TokenizerFormatException.class)
                .hasMessageStartingWith("model.pre_tokenizer.pattern: regex '(a)\\1' uses backreference \\1");
        assertThatThrownBy(() -> LinearRegex.compile("(?<=a)b", "p")).hasMessageContaining("lookbehind");
        assertThatThrownBy(() -> LinearRegex.compile("a(?=b)c", "p")).hasMessageContaining("lookahead other than");
        assertThatThrownBy(() -> LinearRegex.compile("a++", "p")).hasMessageContaining("possessive");
        assertThatThrownBy(() -> LinearRegex.compile("\\bx", "p")).hasMessageContaining("word boundary");
        assertThatThrownBy(() -> LinearRegex.compile("[a[b]]", "p")).hasMessageContaining("nested character class");
        assertThatThrownBy(() -> LinearRegex.compile("\\p{Nope}", "p")).hasMessageContaining("unknown Unicode property");
    }

    private static List<String> spans(LinearRegex regex, String text) {
        IntBuffer starts = new IntBuffer();
        IntBuffer ends = new IntBuffer();
        regex.findAll(text, starts, ends);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) out.add(starts.get(i) + "-" + ends.get(i));
        return out;
    }

    /** Java's find loop, non-empty matches only (what Split and Replace use). */
    private static List<String> spans(Pattern pattern, String text) {
        List<String> out = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) if (m.end() > m.start()) out.add(m.start() + "-" + m.end());
        return out;
    }
}
