package dev.deberta4j.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A request body read as JSON with typed field access: malformed JSON is a 400, a field of the wrong type a 422
 * naming the field, what was expected and what was found.
 */
final class JsonRequest {
    private final ObjectNode body;

    private JsonRequest(ObjectNode body) {
        this.body = body;
    }

    static JsonRequest parse(ObjectMapper json, byte[] bytes) {
        JsonNode node;
        try {
            node = json.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("malformed JSON body: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (java.io.IOException e) {
            throw ApiError.badRequest("unreadable body: " + e.getMessage());
        }
        if (node == null || node.isMissingNode()) throw ApiError.badRequest("empty body: expected a JSON object");
        if (!(node instanceof ObjectNode o)) throw ApiError.unprocessable("expected a JSON object, found " + kind(node));
        return new JsonRequest(o);
    }

    JsonNode node(String field) {
        JsonNode n = body.get(field);
        return n == null || n.isNull() ? null : n;
    }

    JsonNode required(String field) {
        JsonNode n = node(field);
        if (n == null) throw ApiError.unprocessable("missing field `" + field + "`");
        return n;
    }

    String string(String field) {
        return text(required(field), "`" + field + "`");
    }

    Boolean bool(String field) {
        JsonNode n = node(field);
        if (n == null) return null;
        if (!n.isBoolean()) throw wrong("`" + field + "`", "a boolean", n);
        return n.booleanValue();
    }

    boolean bool(String field, boolean otherwise) {
        Boolean b = bool(field);
        return b == null ? otherwise : b;
    }

    int integer(String field, int otherwise, int min, int max) {
        JsonNode n = node(field);
        if (n == null) return otherwise;
        if (!n.isIntegralNumber() || !n.canConvertToInt()) throw wrong("`" + field + "`", "an integer", n);
        int v = n.intValue();
        if (v < min || v > max) {
            throw ApiError.unprocessable("`" + field + "` must be in " + min + ".." + max + ", found " + v);
        }
        return v;
    }

    String optionalString(String field) {
        JsonNode n = node(field);
        return n == null ? null : text(n, "`" + field + "`");
    }

    /** A string or an array of strings (TEI's Input); single tells which it was. */
    record Texts(List<String> texts, boolean single) {
    }

    Texts texts(String field) {
        JsonNode n = required(field);
        if (n.isTextual()) return new Texts(List.of(n.textValue()), true);
        if (!n.isArray()) throw wrong("`" + field + "`", "a string or an array of strings", n);
        List<String> out = new ArrayList<>(n.size());
        for (int i = 0; i < n.size(); i++) out.add(text(n.get(i), "`" + field + "[" + i + "]`"));
        return new Texts(out, false);
    }

    static String text(JsonNode n, String where) {
        if (!n.isTextual()) throw wrong(where, "a string", n);
        return n.textValue();
    }

    static ApiError wrong(String where, String expected, JsonNode found) {
        return ApiError.unprocessable(where + ": expected " + expected + ", found " + kind(found));
    }

    static String kind(JsonNode n) {
        if (n == null || n.isNull()) return "null";
        if (n.isTextual()) return "a string";
        if (n.isBoolean()) return "a boolean";
        if (n.isNumber()) return "a number (" + n.asText() + ")";
        if (n.isArray()) return "an array";
        if (n.isObject()) return "an object";
        return n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }
}
