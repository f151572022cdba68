package dev.deberta4j.tokenizer;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;

/**
 * Unicode sets for {@link LinearRegex}, written as RE2 class ranges ({@code \x{41}-\x{5A}...}) computed from the
 * JDK's character tables. RE2/J's built-in property tables date from an old Unicode version (tens of thousands
 * of letters differ), so every {@code \p{..}}, {@code \s}, {@code \w} and {@code \d} is expanded from the same
 * tables the rest of the tokenizer uses. Each set is computed once (a pass over all code points) and cached.
 */
final class UnicodeSets {
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();
    private static final Map<String, Integer> CATEGORIES = Map.ofEntries(
            Map.entry("Lu", (int) Character.UPPERCASE_LETTER), Map.entry("Ll", (int) Character.LOWERCASE_LETTER),
            Map.entry("Lt", (int) Character.TITLECASE_LETTER), Map.entry("Lm", (int) Character.MODIFIER_LETTER),
            Map.entry("Lo", (int) Character.OTHER_LETTER), Map.entry("Mn", (int) Character.NON_SPACING_MARK),
            Map.entry("Mc", (int) Character.COMBINING_SPACING_MARK), Map.entry("Me", (int) Character.ENCLOSING_MARK),
            Map.entry("Nd", (int) Character.DECIMAL_DIGIT_NUMBER), Map.entry("Nl", (int) Character.LETTER_NUMBER),
            Map.entry("No", (int) Character.OTHER_NUMBER), Map.entry("Pc", (int) Character.CONNECTOR_PUNCTUATION),
            Map.entry("Pd", (int) Character.DASH_PUNCTUATION), Map.entry("Ps", (int) Character.START_PUNCTUATION),
            Map.entry("Pe", (int) Character.END_PUNCTUATION), Map.entry("Pi", (int) Character.INITIAL_QUOTE_PUNCTUATION),
            Map.entry("Pf", (int) Character.FINAL_QUOTE_PUNCTUATION), Map.entry("Po", (int) Character.OTHER_PUNCTUATION),
            Map.entry("Sm", (int) Character.MATH_SYMBOL), Map.entry("Sc", (int) Character.CURRENCY_SYMBOL),
            Map.entry("Sk", (int) Character.MODIFIER_SYMBOL), Map.entry("So", (int) Character.OTHER_SYMBOL),
            Map.entry("Zs", (int) Character.SPACE_SEPARATOR), Map.entry("Zl", (int) Character.LINE_SEPARATOR),
            Map.entry("Zp", (int) Character.PARAGRAPH_SEPARATOR), Map.entry("Cc", (int) Character.CONTROL),
            Map.entry("Cf", (int) Character.FORMAT), Map.entry("Cs", (int) Character.SURROGATE),
            Map.entry("Co", (int) Character.PRIVATE_USE), Map.entry("Cn", (int) Character.UNASSIGNED));

    private UnicodeSets() {}

    /** {@code \s}, {@code \w} or {@code \d} ({@code kind} 's', 'w', 'd'), or its complement. */
    static String ranges(char kind, boolean negated) {
        IntPredicate set = switch (kind) {
            case 's' -> CharClasses::isWhitespace;
            case 'w' -> CharClasses::isWordChar;
            case 'd' -> c -> Character.getType(c) == Character.DECIMAL_DIGIT_NUMBER;
            default -> throw new IllegalArgumentException("no class \\" + kind);
        };
        return cached("\\" + kind + negated, negated ? set.negate() : set);
    }

    /**
     * A general category ({@code L}, {@code Lu}, ...), or a script ({@code Han}, {@code Hangul}, ...), or
     * {@code Any}, as RE2 ranges; null when the name is unknown.
     */
    static String property(String name, boolean negated) {
        IntPredicate set = predicate(name);
        if (set == null) return null;
        return cached("p" + name + negated, negated ? set.negate() : set);
    }

    private static IntPredicate predicate(String name) {
        if (name.equals("Any")) return c -> true;
        Integer category = CATEGORIES.get(name);
        if (category != null) return c -> Character.getType(c) == category;
        if (name.length() == 1 && "LMNPSZC".contains(name)) {
            return c -> {
                int type = Character.getType(c);
                for (Map.Entry<String, Integer> e : CATEGORIES.entrySet()) {
                    if (e.getValue() == type) return e.getKey().charAt(0) == name.charAt(0);
                }
                return false;
            };
        }
        try {
            Character.UnicodeScript script = Character.UnicodeScript.forName(name.toUpperCase(Locale.ROOT));
            return c -> Character.UnicodeScript.of(c) == script;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String cached(String key, IntPredicate set) {
        return CACHE.computeIfAbsent(key, k -> toRanges(set));
    }

    /** Surrogate code points are left out: RE2 matches code points, never lone surrogates inside a class. */
    private static String toRanges(IntPredicate set) {
        StringBuilder sb = new StringBuilder();
        int c = 0;
        while (c <= Character.MAX_CODE_POINT) {
            if (!set.test(c) || (c >= 0xD800 && c <= 0xDFFF)) {
                c++;
                continue;
            }
            int start = c;
            while (c + 1 <= Character.MAX_CODE_POINT && set.test(c + 1) && !(c + 1 >= 0xD800 && c + 1 <= 0xDFFF)) c++;
            sb.append("\\x{").append(Integer.toHexString(start)).append('}');
            if (c > start) sb.append("-\\x{").append(Integer.toHexString(c)).append('}');
            c++;
        }
        return sb.toString();
    }
}
