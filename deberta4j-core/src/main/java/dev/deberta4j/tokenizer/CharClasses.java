package dev.deberta4j.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;

/** Character classes exactly as the Rust side of Hugging Face {@code tokenizers} defines them. */
final class CharClasses {
    private CharClasses() {}

    /** Rust {@code char::is_whitespace}: the Unicode White_Space property (Java's own definition differs). */
    static boolean isWhitespace(int c) {
        return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680
                || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F
                || c == 0x3000;
    }

    /**
     * Regex {@code \w} in Unicode mode (Unicode TR18, as the regex engines of Hugging Face use it): Alphabetic,
     * marks, decimal digits, connector punctuation and the joiners.
     */
    static boolean isWordChar(int c) {
        if (Character.isAlphabetic(c) || c == 0x200C || c == 0x200D) return true;
        return switch (Character.getType(c)) {
            case Character.NON_SPACING_MARK, Character.COMBINING_SPACING_MARK, Character.ENCLOSING_MARK,
                 Character.DECIMAL_DIGIT_NUMBER, Character.CONNECTOR_PUNCTUATION -> true;
            default -> false;
        };
    }

    /** BertNormalizer's whitespace: tab, newline, carriage return and White_Space. */
    static boolean isBertWhitespace(int c) {
        return c == '\t' || c == '\n' || c == '\r' || isWhitespace(c);
    }

    /**
     * BertNormalizer's control test (Rust {@code is_other} of the crate HF uses, tab/newline/CR excluded): the
     * crate's tables predate the JDK's Unicode version, so they ship as data measured from the Rust library.
     */
    static boolean isBertControl(int c) {
        return Tables.CONTROL.get(c);
    }

    /** BertPreTokenizer's and Punctuation's test: ASCII punctuation or the crate's Unicode punctuation. */
    static boolean isBertPunctuation(int c) {
        if (c < 0x80) {
            return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60)
                    || (c >= 0x7B && c <= 0x7E);
        }
        return Tables.PUNCTUATION.get(c);
    }

    /** BertNormalizer's strip_accents test (Rust {@code is_mark_nonspacing} of the same crate, measured). */
    static boolean isBertNonspacingMark(int c) {
        return Tables.NONSPACING.get(c);
    }

    /** Lazily loaded tables of {@code bert-char-classes.txt}. */
    private static final class Tables {
        static final BitSet CONTROL;
        static final BitSet PUNCTUATION;
        static final BitSet NONSPACING;

        static {
            BitSet control = null;
            BitSet punctuation = null;
            BitSet nonspacing = null;
            String resource = "bert-char-classes.txt";
            try (InputStream in = CharClasses.class.getResourceAsStream(resource)) {
                if (in == null) throw new IllegalStateException("missing resource " + resource);
                for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                    if (line.isBlank() || line.startsWith("#")) continue;
                    String[] parts = line.trim().split(" ");
                    BitSet set = new BitSet(0x110000);
                    for (int i = 1; i < parts.length; i++) {
                        String[] range = parts[i].split("-");
                        int from = Integer.parseInt(range[0], 16);
                        int to = range.length == 1 ? from : Integer.parseInt(range[1], 16);
                        set.set(from, to + 1);
                    }
                    switch (parts[0]) {
                        case "control" -> control = set;
                        case "punctuation" -> punctuation = set;
                        case "nonspacing" -> nonspacing = set;
                        default -> throw new IllegalStateException(resource + ": unknown class " + parts[0]);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (control == null || punctuation == null || nonspacing == null) {
                throw new IllegalStateException(resource + " is incomplete");
            }
            CONTROL = control;
            PUNCTUATION = punctuation;
            NONSPACING = nonspacing;
        }
    }

    /** BertNormalizer's "Chinese character": the CJK ideograph blocks. */
    static boolean isChineseChar(int c) {
        return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF)
                || (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F)
                || (c >= 0x2B920 && c <= 0x2CEAF) || (c >= 0xF900 && c <= 0xFAFF)
                || (c >= 0x2F800 && c <= 0x2FA1F);
    }

    /** Rust {@code char::is_alphanumeric}: Alphabetic or Numeric. */
    static boolean isAlphanumeric(int c) {
        return Character.isAlphabetic(c) || switch (Character.getType(c)) {
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> true;
            default -> false;
        };
    }

    /** Rust {@code char::is_numeric}: general category Nd, Nl or No. */
    static boolean isNumeric(int c) {
        return switch (Character.getType(c)) {
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> true;
            default -> false;
        };
    }
}
