package dev.deberta4j.tokenizer;

import org.junit.jupiter.api.Test;

import java.text.BreakIterator;

import static org.assertj.core.api.Assertions.assertThat;

/** The fast path for "simple" text must agree with the JDK's grapheme segmentation. */
class GraphemesTest {
    @Test
    void fastPathAgreesWithBreakIterator() {
        RandomText gen = new RandomText(99);
        StringBuilder simple = new StringBuilder();
        int[][] ranges = {{0x20, 0x7E}, {0xA1, 0xFF}, {0xAC00, 0xD7A3}, {0x3131, 0x318E}, {0x4E00, 0x9FFF},
                {0x3000, 0x3029}, {0x3030, 0x303F}, {0xFF01, 0xFF9D}, {0x2010, 0x2027}, {0x2030, 0x205E}};
        for (int[] r : ranges) for (int c = r[0]; c <= r[1]; c += 7) if (c != 0xAD) simple.appendCodePoint(c);
        for (String s : new String[]{simple.toString(), gen.next(), gen.next(), "ㅋㅋㅋ 진짜 재밌다!! ^^", "a\r\nb 한\u1100\u1161"}) {
            int[] cps = s.codePoints().toArray();
            int[] ends = new int[cps.length];
            int n = Graphemes.split(cps, cps.length, ends);
            BreakIterator it = BreakIterator.getCharacterInstance();
            it.setText(s);
            int k = 0;
            for (int b = it.next(); b != BreakIterator.DONE; b = it.next()) {
                assertThat(ends[k++]).isEqualTo(s.codePointCount(0, b));
            }
            assertThat(n).isEqualTo(k);
        }
    }
}
