package dev.deberta4j.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;

/** Typed access to a JSON tree with errors that name the file and JSON path of the bad field. */
record Json(JsonNode node, String file, String path) {
    Json field(String name) {
        return new Json(node == null ? null : node.get(name), file, path.isEmpty() ? name : path + "." + name);
    }

    Json at(int index) { return new Json(node.get(index), file, path + "[" + index + "]"); }

    boolean isMissingOrNull() { return node == null || node.isNull() || node.isMissingNode(); }

    int size() { return node.size(); }

    String where() { return file + ": " + (path.isEmpty() ? "(root)" : path); }

    TokenizerFormatException error(String problem) { return new TokenizerFormatException(where() + ": " + problem); }

    String text() {
        if (node == null || !node.isTextual()) throw error("expected a string, found " + describe());
        return node.textValue();
    }

    String text(String fallback) { return isMissingOrNull() ? fallback : text(); }

    int integer() {
        if (node == null || !node.canConvertToInt() || !node.isIntegralNumber()) {
            throw error("expected an integer, found " + describe());
        }
        return node.intValue();
    }

    int integer(int fallback) { return isMissingOrNull() ? fallback : integer(); }

    double number() {
        if (node == null || !node.isNumber()) throw error("expected a number, found " + describe());
        return node.doubleValue();
    }

    boolean bool(boolean fallback) {
        if (isMissingOrNull()) return fallback;
        if (!node.isBoolean()) throw error("expected true or false, found " + describe());
        return node.booleanValue();
    }

    Json array() {
        if (node == null || !node.isArray()) throw error("expected an array, found " + describe());
        return this;
    }

    Json object() {
        if (node == null || !node.isObject()) throw error("expected an object, found " + describe());
        return this;
    }

    /** The single char of a one-char string field (e.g. Metaspace's replacement). */
    int singleChar() {
        String s = text();
        if (s.codePointCount(0, s.length()) != 1) throw error("expected exactly one character, found '" + s + "'");
        return s.codePointAt(0);
    }

    String describe() {
        if (node == null || node.isMissingNode()) return "nothing (field missing)";
        if (node.isNull()) return "null";
        String s = node.toString();
        return node.getNodeType().name().toLowerCase() + " " + (s.length() > 60 ? s.substring(0, 60) + "..." : s);
    }
}
