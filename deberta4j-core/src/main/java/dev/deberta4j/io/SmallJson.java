package dev.deberta4j.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * Reads a small JSON document (config.json, tokenizer_config.json, a safetensors header) into Jackson's tree, the
 * nodes {@code ObjectMapper.readTree} gives, without starting Jackson's parser and {@code ObjectMapper}: their
 * first use cost a command about half a second of CPU before the JIT warms up, more than everything else a short
 * command parses. Strict JSON (RFC 8259) as Jackson's defaults accept it, and nothing after the value. Internal to
 * deberta4j; not an API.
 */
public final class SmallJson {
    /** Nesting deeper than this is refused (Jackson's default limit), so a hostile header cannot overflow the stack. */
    static final int MAX_DEPTH = 1000;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String text;
    private final boolean rejectDuplicates;
    private int pos;

    /** A syntax error: what was found where, by line and column. */
    public static final class SyntaxException extends IOException {
        SyntaxException(String message) {
            super(message);
        }
    }

    private SmallJson(String text, boolean rejectDuplicates) {
        this.text = text;
        this.rejectDuplicates = rejectDuplicates;
    }

    /** The tree of UTF-8 {@code json}; a later duplicate key replaces the earlier one (as Jackson and Python do). */
    public static JsonNode parse(byte[] json) throws SyntaxException {
        return parse(utf8(json), false);
    }

    /** The tree of {@code json}; empty (or blank) input gives the missing node, as {@code readTree} does. */
    public static JsonNode parse(String json, boolean rejectDuplicates) throws SyntaxException {
        SmallJson p = new SmallJson(json, rejectDuplicates);
        p.skipSpace();
        if (p.pos == json.length()) return MissingNode.getInstance();
        JsonNode value = p.value(0);
        p.skipSpace();
        if (p.pos < json.length()) throw p.error("unexpected content after the JSON value");
        return value;
    }

    /** {@code json} decoded as UTF-8, malformed bytes refused. */
    public static String utf8(byte[] json) throws SyntaxException {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(json)).toString();
        } catch (CharacterCodingException e) {
            throw new SyntaxException("invalid UTF-8: " + e.getMessage());
        }
    }

    private JsonNode value(int depth) throws SyntaxException {
        if (depth >= MAX_DEPTH) throw error("nesting deeper than " + MAX_DEPTH);
        if (pos == text.length()) throw error("unexpected end of input");
        char c = text.charAt(pos);
        switch (c) {
            case '{': return object(depth);
            case '[': return array(depth);
            case '"': return NODES.textNode(string());
            case 't': literal("true"); return NODES.booleanNode(true);
            case 'f': literal("false"); return NODES.booleanNode(false);
            case 'n': literal("null"); return NODES.nullNode();
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return number();
                throw error("unexpected character " + describe(c));
        }
    }

    private ObjectNode object(int depth) throws SyntaxException {
        ObjectNode node = NODES.objectNode();
        pos++;
        skipSpace();
        if (peek() == '}') {
            pos++;
            return node;
        }
        while (true) {
            if (peek() != '"') throw error("expected a field name in double quotes");
            String key = string();
            skipSpace();
            expect(':');
            skipSpace();
            JsonNode value = value(depth + 1);
            if (node.replace(key, value) != null && rejectDuplicates) throw error("Duplicate field '" + key + "'");
            skipSpace();
            if (peek() == ',') {
                pos++;
                skipSpace();
            } else {
                expect('}');
                return node;
            }
        }
    }

    private ArrayNode array(int depth) throws SyntaxException {
        ArrayNode node = NODES.arrayNode();
        pos++;
        skipSpace();
        if (peek() == ']') {
            pos++;
            return node;
        }
        while (true) {
            node.add(value(depth + 1));
            skipSpace();
            if (peek() == ',') {
                pos++;
                skipSpace();
            } else {
                expect(']');
                return node;
            }
        }
    }

    private String string() throws SyntaxException {
        pos++;   // the opening quote
        StringBuilder out = null;
        int start = pos;
        while (true) {
            if (pos == text.length()) throw error("unterminated string");
            char c = text.charAt(pos);
            if (c == '"') {
                String s = out == null ? text.substring(start, pos) : out.append(text, start, pos).toString();
                pos++;
                return s;
            }
            if (c < 0x20) throw error("control character " + describe(c) + " in a string (it must be escaped)");
            if (c != '\\') {
                pos++;
                continue;
            }
            if (out == null) out = new StringBuilder();
            out.append(text, start, pos);
            if (++pos == text.length()) throw error("unterminated string");
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length()) throw error("unterminated \\u escape");
                    int code = 0;
                    for (int i = 0; i < 4; i++) {
                        int d = Character.digit(text.charAt(pos++), 16);
                        if (d < 0) throw error("bad hex digit in a \\u escape");
                        code = code * 16 + d;
                    }
                    out.append((char) code);
                }
                default -> {
                    pos--;
                    throw error("unknown escape \\" + e);
                }
            }
            start = pos;
        }
    }

    /** An integer node as small as the value fits (int, long, BigInteger), or a double node, as readTree gives. */
    private JsonNode number() throws SyntaxException {
        int start = pos;
        if (peek() == '-') pos++;
        if (peek() == '0') {
            pos++;
            if (peek() >= '0' && peek() <= '9') throw error("leading zeros are not allowed");
        } else if (!digits()) {
            throw error("expected a digit");
        }
        boolean integral = true;
        if (peek() == '.') {
            pos++;
            integral = false;
            if (!digits()) throw error("expected a digit after the decimal point");
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            integral = false;
            if (peek() == '+' || peek() == '-') pos++;
            if (!digits()) throw error("expected a digit in the exponent");
        }
        String n = text.substring(start, pos);
        if (!integral) return NODES.numberNode(Double.parseDouble(n));
        if (n.length() <= 18) {
            long v = Long.parseLong(n);
            return v == (int) v ? NODES.numberNode((int) v) : NODES.numberNode(v);
        }
        BigInteger big = new BigInteger(n);
        return big.bitLength() < 64 ? NODES.numberNode(big.longValue()) : NODES.numberNode(big);
    }

    private boolean digits() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') pos++;
        return pos > start;
    }

    private void literal(String word) throws SyntaxException {
        if (!text.startsWith(word, pos)) throw error("unexpected character " + describe(text.charAt(pos)));
        pos += word.length();
    }

    private void expect(char c) throws SyntaxException {
        if (peek() != c) {
            throw error("expected '" + c + "', found " + (pos == text.length() ? "the end of input" : describe(peek())));
        }
        pos++;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return;
            pos++;
        }
    }

    private static String describe(char c) {
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    private SyntaxException error(String problem) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < Math.min(pos, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new SyntaxException(problem + " (line " + line + ", column " + (pos - lineStart + 1) + ")");
    }
}
