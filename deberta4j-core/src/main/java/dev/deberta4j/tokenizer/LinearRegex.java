package dev.deberta4j.tokenizer;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * A tokenizer.json regex run in linear time on RE2/J. Hugging Face compiles these patterns with Oniguruma (Ruby
 * syntax, Unicode classes); a backtracking engine takes exponential time or overflows its stack on patterns such
 * as {@code a*a*a*b} or {@code (a|b)*}, so deberta4j translates the pattern to RE2 syntax with the same meaning:
 * <ul>
 *   <li>{@code \s \w \d} (and their negations) become the explicit Unicode sets Oniguruma uses (White_Space,
 *       TR18 word characters, Nd); RE2's own are ASCII-only.</li>
 *   <li>{@code ^} and {@code $} are line anchors, as in Ruby syntax.</li>
 *   <li>Groups become non-capturing (only whole matches matter to Split and Replace).</li>
 *   <li>A lookahead that ends a top-level alternative, such as GPT-2's {@code \s+(?!\S)}, is rewritten to consume
 *       what it looks at inside a capturing group ({@code \s+(?:\z|(\s))}); the match is then cut back to where
 *       that group starts. This is exact: the lookahead only accepts or rejects the alternative's choices, in the
 *       same priority order, and nothing follows it in the match.</li>
 * </ul>
 * Constructs RE2 cannot run in linear time (backreferences, lookbehind, atomic groups, possessive quantifiers,
 * lookahead elsewhere, word boundaries with Unicode meaning) are refused with a {@link TokenizerFormatException}
 * naming the construct, rather than run on a backtracking engine.
 */
final class LinearRegex {
    /** GPT-2's split pattern (ByteLevel, and Split in many byte-level tokenizer.json files). */
    static final String GPT2 = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";
    /** HF's Whitespace pre-tokenizer. */
    static final String WORDS = "\\w+|[^\\w\\s]+";

    /** A hand-written matcher for a pattern so common it is worth one (RE2/J is 6 to 26 times slower on them). */
    @FunctionalInterface
    private interface Scanner {
        void findAll(String s, IntBuffer starts, IntBuffer ends);
    }

    private final String source;
    private final Pattern pattern;
    private final boolean cutsAtGroup;
    private final Scanner scanner;

    private LinearRegex(String source, Pattern pattern, boolean cutsAtGroup) {
        this.source = source;
        this.pattern = pattern;
        this.cutsAtGroup = cutsAtGroup;
        this.scanner = source.equals(GPT2) ? LinearRegex::gpt2 : source.equals(WORDS) ? LinearRegex::words : null;
    }

    /** Translates and compiles {@code source}; {@code where} names the field for error messages. */
    static LinearRegex compile(String source, String where) {
        Translation t = new Translation(source, where);
        String re2 = t.translate();
        try {
            return new LinearRegex(source, Pattern.compile(re2, Pattern.MULTILINE), t.lookaheads > 0);
        } catch (PatternSyntaxException e) {
            throw new TokenizerFormatException(where + ": invalid or unsupported regex '" + source + "': "
                    + e.getDescription());
        }
    }

    String source() {
        return source;
    }

    /**
     * Appends the non-empty, non-overlapping matches in {@code s} as UTF-16 [start, end) pairs, left to right.
     * After an empty match the search resumes one character further, as in Oniguruma's and Java's find loops.
     */
    void findAll(String s, IntBuffer starts, IntBuffer ends) {
        if (scanner != null) {
            scanner.findAll(s, starts, ends);
            return;
        }
        Matcher m = pattern.matcher(s);
        int from = 0;
        int n = s.length();
        while (from <= n && m.find(from)) {
            int start = m.start();
            int end = m.end();
            if (cutsAtGroup) {
                for (int g = 1; g <= m.groupCount(); g++) {
                    if (m.start(g) >= 0) {
                        end = m.start(g);
                        break;
                    }
                }
            }
            if (end == start) {
                if (start >= n) break;
                from = start + Character.charCount(s.codePointAt(start));
                continue;
            }
            starts.add(start);
            ends.add(end);
            from = end;
        }
    }

    /**
     * {@link #GPT2} by hand, alternative by alternative: a contraction; an optional space and a run of letters,
     * of numbers, or of other non-space characters; else a whitespace run, less its last character when a
     * non-space follows and the run is longer than one (the {@code (?!\S)} lookahead). Every character starts some
     * alternative, so the matches tile the text.
     */
    private static void gpt2(String s, IntBuffer starts, IntBuffer ends) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            int end = gpt2MatchAt(s, i);
            starts.add(i);
            ends.add(end);
            i = end;
        }
    }

    private static int gpt2MatchAt(String s, int i) {
        int n = s.length();
        if (s.charAt(i) == '\'' && i + 1 < n) {
            for (String c : new String[] {"s", "t", "re", "ve", "m", "ll", "d"}) {
                if (s.startsWith(c, i + 1)) return i + 1 + c.length();
            }
        }
        int afterSpace = s.charAt(i) == ' ' && i + 1 < n ? i + 1 : -1;
        for (int kind = 0; kind < 3; kind++) {
            int from = afterSpace >= 0 && gpt2Kind(s.codePointAt(afterSpace)) == kind ? afterSpace
                    : gpt2Kind(s.codePointAt(i)) == kind ? i : -1;
            if (from >= 0) {
                int end = from;
                while (end < n && gpt2Kind(s.codePointAt(end)) == kind) end += Character.charCount(s.codePointAt(end));
                return end;
            }
        }
        int end = i; // whitespace (all of it is in the BMP)
        while (end < n && CharClasses.isWhitespace(s.charAt(end))) end++;
        return end == n || end - i == 1 ? end : end - 1;
    }

    /** 0 letter, 1 number, 2 other non-space, 3 whitespace. */
    private static int gpt2Kind(int c) {
        if (CharClasses.isWhitespace(c)) return 3;
        if (Character.isLetter(c)) return 0;
        int type = Character.getType(c);
        if (type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER) {
            return 1;
        }
        return 2;
    }

    /** {@link #WORDS} by hand: runs of word characters, runs of other non-space characters; spaces are skipped. */
    private static void words(String s, IntBuffer starts, IntBuffer ends) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            int c = s.codePointAt(i);
            if (CharClasses.isWhitespace(c)) {
                i += Character.charCount(c);
                continue;
            }
            boolean word = CharClasses.isWordChar(c);
            int end = i;
            while (end < n) {
                int d = s.codePointAt(end);
                if (CharClasses.isWhitespace(d) || CharClasses.isWordChar(d) != word) break;
                end += Character.charCount(d);
            }
            starts.add(i);
            ends.add(end);
            i = end;
        }
    }

    /** One left-to-right pass over an Oniguruma pattern, writing RE2 syntax. */
    private static final class Translation {
        private final String src;
        private final String where;
        private final StringBuilder out = new StringBuilder();
        private int i;
        private int depth;
        int lookaheads;

        Translation(String src, String where) {
            this.src = src;
            this.where = where;
        }

        String translate() {
            while (i < src.length()) {
                char c = src.charAt(i);
                switch (c) {
                    case '\\' -> escape(false);
                    case '[' -> charClass();
                    case '(' -> group();
                    case ')' -> {
                        depth--;
                        out.append(')');
                        i++;
                    }
                    case '*', '+', '?' -> {
                        out.append(c);
                        i++;
                        if (i < src.length() && src.charAt(i) == '+') {
                            throw refuse("possessive quantifier '" + c + "+'");
                        }
                    }
                    default -> {
                        out.append(c);
                        i++;
                    }
                }
            }
            return out.toString();
        }

        private void group() {
            if (!src.startsWith("(?", i)) {
                out.append("(?:");
                i++;
                depth++;
                return;
            }
            if (src.startsWith("(?=", i) || src.startsWith("(?!", i)) {
                lookahead(src.charAt(i + 2) == '!');
                return;
            }
            if (src.startsWith("(?<=", i) || src.startsWith("(?<!", i)) throw refuse("lookbehind");
            if (src.startsWith("(?>", i)) throw refuse("atomic group (?>...)");
            if (src.startsWith("(?<", i) || src.startsWith("(?P<", i) || src.startsWith("(?'", i)) {
                int close = src.indexOf(src.charAt(i + 2) == '\'' ? '\'' : '>', i + 3);
                if (close < 0) throw refuse("unterminated group name");
                out.append("(?:");
                i = close + 1;
                depth++;
                return;
            }
            // (?:...), (?i:...) and (?i) mean the same in RE2; the ')' that ends them is counted like any other
            out.append("(?");
            i += 2;
            depth++;
        }

        /**
         * {@code (?=X)} or {@code (?!X)} at the end of a top-level alternative: X is consumed in a capturing group
         * the match is cut back to. A negative lookahead needs a single character class, whose complement RE2 has.
         */
        private void lookahead(boolean negative) {
            int close = closingParen(i);
            String inner = src.substring(i + 3, close);
            boolean endsAlternative = close + 1 == src.length() || src.charAt(close + 1) == '|';
            if (depth != 0 || !endsAlternative) {
                throw refuse("lookahead other than at the end of a top-level alternative");
            }
            String consumed;
            if (negative) {
                String complement = complementOfSingleClass(inner);
                if (complement == null) throw refuse("negative lookahead of '" + inner + "'");
                consumed = "(?:\\z|(" + complement + "))";
            } else {
                Translation t = new Translation(inner, where);
                String translated = t.translate();
                if (t.lookaheads > 0) throw refuse("nested lookahead");
                consumed = "(" + translated + ")";
            }
            out.append(consumed);
            lookaheads++;
            i = close + 1;
        }

        /** The RE2 class of characters not in {@code single} (an escape class or a bracket class), or null. */
        private String complementOfSingleClass(String single) {
            if (single.length() == 2 && single.charAt(0) == '\\' && "sSwWdD".indexOf(single.charAt(1)) >= 0) {
                char e = single.charAt(1);
                return "[" + UnicodeSets.ranges(Character.toLowerCase(e), Character.isLowerCase(e)) + "]";
            }
            if (single.length() >= 2 && single.charAt(0) == '[' && single.charAt(single.length() - 1) == ']'
                    && single.indexOf('[', 1) < 0) {
                String cls = new Translation(single, where).translate();
                return cls.startsWith("[^") ? "[" + cls.substring(2) : "[^" + cls.substring(1);
            }
            return null;
        }

        private int closingParen(int open) {
            int level = 0;
            boolean inClass = false;
            for (int k = open; k < src.length(); k++) {
                char c = src.charAt(k);
                if (c == '\\') {
                    k++;
                } else if (inClass) {
                    if (c == ']') inClass = false;
                } else if (c == '[') {
                    inClass = true;
                } else if (c == '(') {
                    level++;
                } else if (c == ')' && --level == 0) {
                    return k;
                }
            }
            throw refuse("unbalanced parenthesis");
        }

        private void charClass() {
            out.append('[');
            i++;
            if (i < src.length() && src.charAt(i) == '^') {
                out.append('^');
                i++;
            }
            if (i < src.length() && src.charAt(i) == ']') {
                out.append("\\]");
                i++;
            }
            while (i < src.length() && src.charAt(i) != ']') {
                char c = src.charAt(i);
                if (c == '\\') {
                    escape(true);
                } else if (c == '[') {
                    if (src.startsWith("[:", i)) {
                        int end = src.indexOf(":]", i);
                        if (end < 0) throw refuse("unterminated POSIX class");
                        out.append(src, i, end + 2);
                        i = end + 2;
                    } else {
                        throw refuse("nested character class");
                    }
                } else if (c == '&' && src.startsWith("&&", i)) {
                    throw refuse("character class intersection (&&)");
                } else {
                    out.append(c);
                    i++;
                }
            }
            if (i >= src.length()) throw refuse("unterminated character class");
            out.append(']');
            i++;
        }

        /** An escape; inside a class, sets are written without their brackets. */
        private void escape(boolean inClass) {
            if (i + 1 >= src.length()) throw refuse("trailing backslash");
            char e = src.charAt(i + 1);
            i += 2;
            switch (e) {
                case 's', 'w', 'd', 'S', 'W', 'D' -> {
                    // Oniguruma's Unicode sets, from the JDK's tables (RE2/J's own are ASCII-only or outdated)
                    String ranges = UnicodeSets.ranges(Character.toLowerCase(e), Character.isUpperCase(e));
                    out.append(inClass ? ranges : "[" + ranges + "]");
                }
                case 'b', 'B' -> throw refuse("word boundary \\" + e);
                case 'Z', 'G' -> throw refuse("anchor \\" + e);
                case 'k', 'g' -> throw refuse("backreference or subroutine \\" + e);
                case 'p', 'P' -> {
                    int close = src.indexOf('}', i);
                    if (i >= src.length() || src.charAt(i) != '{' || close < 0) throw refuse("\\" + e + " without {name}");
                    String name = src.substring(i + 1, close);
                    boolean negated = e == 'P';
                    if (name.startsWith("^")) {
                        negated = !negated;
                        name = name.substring(1);
                    }
                    String ranges = UnicodeSets.property(name, negated);
                    if (ranges == null) throw refuse("unknown Unicode property \\" + e + "{" + name + "}");
                    out.append(inClass ? ranges : "[" + ranges + "]");
                    i = close + 1;
                }
                case 'h' -> out.append(inClass ? "0-9a-fA-F" : "[0-9a-fA-F]"); // Oniguruma: hex digit
                case 'u' -> {
                    if (i + 4 > src.length()) throw refuse("short \\u escape");
                    out.append("\\x{").append(src, i, i + 4).append('}');
                    i += 4;
                }
                default -> {
                    if (e >= '1' && e <= '9') throw refuse("backreference \\" + e);
                    out.append('\\').append(e);
                }
            }
        }

        private TokenizerFormatException refuse(String construct) {
            return new TokenizerFormatException(where + ": regex '" + src + "' uses " + construct + ", which the"
                    + " linear-time regex engine does not support (patterns must not be able to take exponential time)");
        }
    }

}
