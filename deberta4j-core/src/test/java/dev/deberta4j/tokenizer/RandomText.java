package dev.deberta4j.tokenizer;

import java.text.Normalizer;
import java.util.SplittableRandom;

/**
 * Seeded generator of adversarial tokenizer input: Hangul (precomposed, NFD conjoining jamo, compatibility jamo),
 * Latin with accents, digits, punctuation, every Unicode whitespace, full-width forms, emoji (incl. ZWJ, flags,
 * skin tones), astral chars, CJK, control/format chars, literal special tokens and very long words.
 */
final class RandomText {
    private static final int[] WHITESPACE = {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000, 0x2001,
            0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F,
            0x3000, 0x180E, 0x200B, 0xFEFF, 0x1C, 0x1D, 0x1E, 0x1F};
    private static final String PUNCT = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~«»…—–‘’“”、。「」『』【】·•※〜￦";
    private static final int[] CONTROL = {0x00, 0x01, 0x07, 0x08, 0x1B, 0x7F, 0x80, 0x9F, 0xAD, 0x200C, 0x200D, 0x200E,
            0x200F, 0x2060, 0x2066, 0xFFFD, 0xFFFE, 0xE000, 0xF8FF, 0x0378, 0x0600, 0x061C, 0x110BD, 0xE0001};
    private static final String[] SPECIAL = {"[MASK]", "[CLS]", "[SEP]", "[PAD]", "[UNK]", "[mask]", "[MASK", "▁", "##"};
    private static final int[][] EMOJI_RANGES = {{0x1F300, 0x1F5FF}, {0x1F600, 0x1F64F}, {0x1F680, 0x1F6FF},
            {0x1F900, 0x1F9FF}, {0x1FA70, 0x1FAFF}, {0x2600, 0x27BF}};
    private static final int[][] ASTRAL_RANGES = {{0x20000, 0x2A6DF}, {0x1D400, 0x1D7FF}, {0x10000, 0x1007F},
            {0x1F100, 0x1F1FF}, {0x30000, 0x3134F}, {0x2F800, 0x2FA1F}};

    private final SplittableRandom random;

    RandomText(long seed) { random = new SplittableRandom(seed); }

    /** A text of 0 to ~40 atoms. */
    String next() {
        int atoms = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(random.nextBoolean() ? 8 : 40);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < atoms; i++) {
            appendAtom(b);
            int sep = random.nextInt(10);
            if (sep < 5) b.append(' ');
            else if (sep == 5) b.appendCodePoint(WHITESPACE[random.nextInt(WHITESPACE.length)]);
            else if (sep == 6) b.append("  ");
        }
        return b.toString();
    }

    private void appendAtom(StringBuilder b) {
        switch (random.nextInt(17)) {
            case 0, 1, 2 -> repeat(b, 1 + random.nextInt(5), () -> b.appendCodePoint(0xAC00 + random.nextInt(11172)));
            case 3 -> b.append(Normalizer.normalize(syllables(1 + random.nextInt(4)), Normalizer.Form.NFD));
            case 4 -> repeat(b, 1 + random.nextInt(4), () -> b.appendCodePoint(0x3131 + random.nextInt(0x318E - 0x3131 + 1)));
            case 5 -> repeat(b, 1 + random.nextInt(8), () -> b.append(latin()));
            case 6 -> repeat(b, 1 + random.nextInt(6), () -> b.append((char) ('0' + random.nextInt(10))));
            case 7 -> repeat(b, 1 + random.nextInt(3), () -> b.append(PUNCT.charAt(random.nextInt(PUNCT.length()))));
            case 8 -> repeat(b, 1 + random.nextInt(3), () -> b.appendCodePoint(WHITESPACE[random.nextInt(WHITESPACE.length)]));
            case 9 -> repeat(b, 1 + random.nextInt(6), () -> b.appendCodePoint(0xFF01 + random.nextInt(0xFF9F - 0xFF01)));
            case 10 -> emoji(b);
            case 11 -> repeat(b, 1 + random.nextInt(3), () -> b.appendCodePoint(range(ASTRAL_RANGES)));
            case 12 -> repeat(b, 1 + random.nextInt(4), () -> b.appendCodePoint(
                    random.nextBoolean() ? 0x4E00 + random.nextInt(0x9FFF - 0x4E00) : 0x3041 + random.nextInt(0x30FF - 0x3041)));
            case 13 -> b.appendCodePoint(CONTROL[random.nextInt(CONTROL.length)]);
            case 14 -> b.append(SPECIAL[random.nextInt(SPECIAL.length)]);
            case 15 -> longWord(b);
            default -> b.appendCodePoint(random.nextInt(0x3000)); // anything in the first planes' scripts
        }
    }

    private String syllables(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) s.appendCodePoint(0xAC00 + random.nextInt(11172));
        return s.toString();
    }

    private String latin() {
        int k = random.nextInt(10);
        if (k < 6) return String.valueOf((char) ((random.nextBoolean() ? 'a' : 'A') + random.nextInt(26)));
        if (k < 8) return String.valueOf((char) (0xC0 + random.nextInt(0x40)));
        return (char) ('a' + random.nextInt(26)) + String.valueOf((char) (0x300 + random.nextInt(0x70)));
    }

    private void emoji(StringBuilder b) {
        switch (random.nextInt(5)) {
            case 0 -> b.appendCodePoint(0x1F468).append('\u200D').appendCodePoint(0x1F469).append('\u200D').appendCodePoint(0x1F467);
            case 1 -> b.appendCodePoint(0x1F1E6 + random.nextInt(26)).appendCodePoint(0x1F1E6 + random.nextInt(26));
            case 2 -> b.appendCodePoint(0x1F44B).appendCodePoint(0x1F3FB + random.nextInt(5));
            case 3 -> b.appendCodePoint(0x2764).append('\uFE0F');
            default -> repeat(b, 1 + random.nextInt(3), () -> b.appendCodePoint(range(EMOJI_RANGES)));
        }
    }

    private void longWord(StringBuilder b) {
        int n = 20 + random.nextInt(200);
        boolean hangul = random.nextBoolean();
        for (int i = 0; i < n; i++) {
            b.appendCodePoint(hangul ? 0xAC00 + random.nextInt(40) : 'a' + random.nextInt(3));
        }
    }

    private int range(int[][] ranges) {
        int[] r = ranges[random.nextInt(ranges.length)];
        return r[0] + random.nextInt(r[1] - r[0] + 1);
    }

    private static void repeat(StringBuilder b, int n, Runnable r) {
        for (int i = 0; i < n; i++) r.run();
    }
}
