package dev.deberta4j.tokenizer;

/** A model token inside one split: id, its string, and its span {@code [start, end)} in the split's normalized chars. */
record Token(int id, String value, int start, int end) {}
