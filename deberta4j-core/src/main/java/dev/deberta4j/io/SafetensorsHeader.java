package dev.deberta4j.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The parsed and validated JSON header of a safetensors file: {@code u64 n | n bytes of JSON | data}. Everything
 * is checked against the file size before any tensor is touched, so a malformed or hostile file fails here with
 * a reason naming the tensor and field.
 *
 * @param entries  tensors by name, with byte ranges relative to {@link #dataStart()}
 * @param metadata the {@code __metadata__} string map (empty if absent)
 * @param dataStart file offset of the first data byte (8 + header length)
 */
record SafetensorsHeader(SortedMap<String, Entry> entries, Map<String, String> metadata, long dataStart) {

    /** Largest header accepted, as in the reference implementation: it bounds what a hostile file can allocate. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    static final String METADATA_KEY = "__metadata__";

    /** One tensor: its info and its byte range {@code [begin, end)} within the data section. */
    record Entry(TensorInfo info, long begin, long end) {
    }

    /**
     * Validates the header length read from the first 8 bytes against the file size, before anything is allocated.
     *
     * @return the header length in bytes
     */
    static int checkedHeaderLength(Path file, long fileSize, long rawLength) {
        if (fileSize < 8) {
            throw new CheckpointException(file, "file is " + fileSize + " bytes, too short for the 8-byte header length");
        }
        String length = Long.toUnsignedString(rawLength);
        if (rawLength < 0 || rawLength > MAX_HEADER_BYTES) {
            throw new CheckpointException(file, "header length " + length + " exceeds the limit of "
                    + MAX_HEADER_BYTES + " bytes");
        }
        if (rawLength > fileSize - 8) {
            throw new CheckpointException(file, "header length " + length + " exceeds the " + (fileSize - 8)
                    + " bytes after the length field (file is truncated or not safetensors)");
        }
        if (rawLength < 2) {
            throw new CheckpointException(file, "header length " + length + " is too small for a JSON object");
        }
        return (int) rawLength;
    }

    /** Parses and validates the header JSON; {@code dataSize} is the number of bytes after the header. */
    static SafetensorsHeader parse(Path file, byte[] json, long dataSize) {
        JsonNode root;
        try {
            root = SmallJson.parse(SmallJson.utf8(json), true);   // duplicate names refused, as the reference does
        } catch (SmallJson.SyntaxException e) {
            throw new CheckpointException(file, "header is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new CheckpointException(file, "header must be a JSON object, found "
                    + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase()));
        }
        Map<String, String> metadata = Map.of();
        SortedMap<String, Entry> entries = new TreeMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals(METADATA_KEY)) {
                metadata = parseMetadata(file, field.getValue());
            } else {
                entries.put(field.getKey(), parseEntry(file, field.getKey(), field.getValue(), dataSize));
            }
        }
        checkNoOverlap(file, entries);
        checkNoTrailingBytes(file, entries, dataSize);
        return new SafetensorsHeader(Collections.unmodifiableSortedMap(entries), metadata, 8L + json.length);
    }

    private static Map<String, String> parseMetadata(Path file, JsonNode node) {
        if (!node.isObject()) {
            throw new CheckpointException(file, METADATA_KEY + " must be a JSON object of strings, found "
                    + node.getNodeType().toString().toLowerCase());
        }
        Map<String, String> metadata = new TreeMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!field.getValue().isTextual()) {
                throw new CheckpointException(file, METADATA_KEY + " value of \"" + field.getKey()
                        + "\" must be a string, found " + field.getValue().getNodeType().toString().toLowerCase());
            }
            metadata.put(field.getKey(), field.getValue().textValue());
        }
        return Collections.unmodifiableMap(metadata);
    }

    private static Entry parseEntry(Path file, String name, JsonNode node, long dataSize) {
        String where = "tensor " + name;
        if (!node.isObject()) {
            throw new CheckpointException(file, where + ": expected a JSON object, found "
                    + node.getNodeType().toString().toLowerCase());
        }
        JsonNode dtypeNode = required(file, where, node, "dtype");
        if (!dtypeNode.isTextual()) {
            throw new CheckpointException(file, where + ": dtype must be a string, found " + dtypeNode);
        }
        DType dtype;
        try {
            dtype = DType.fromSafetensors(dtypeNode.textValue());
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file, where + ": " + e.getMessage());
        }
        long[] shape = longArray(file, where, required(file, where, node, "shape"), "shape", -1);
        for (long d : shape) {
            if (d < 0) {
                throw new CheckpointException(file, where + ": negative dimension " + d + " in shape "
                        + Arrays.toString(shape));
            }
        }
        long[] offsets = longArray(file, where, required(file, where, node, "data_offsets"), "data_offsets", 2);
        long begin = offsets[0];
        long end = offsets[1];
        if (begin < 0 || end < begin) {
            throw new CheckpointException(file, where + ": data_offsets " + Arrays.toString(offsets)
                    + " must satisfy 0 <= begin <= end");
        }
        if (end > dataSize) {
            throw new CheckpointException(file, where + ": data_offsets end " + end + " is beyond the "
                    + dataSize + " data bytes in the file");
        }
        TensorInfo info = new TensorInfo(name, dtype, shape);
        long expected;
        try {
            expected = info.byteLength();
        } catch (ArithmeticException e) {
            throw new CheckpointException(file, where + ": shape " + Arrays.toString(shape)
                    + " has more elements than fit in 64 bits");
        }
        if (end - begin != expected) {
            throw new CheckpointException(file, where + ": data_offsets " + Arrays.toString(offsets) + " span "
                    + (end - begin) + " bytes but " + dtype + " " + Arrays.toString(shape) + " needs " + expected);
        }
        return new Entry(info, begin, end);
    }

    private static JsonNode required(Path file, String where, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null) {
            throw new CheckpointException(file, where + ": missing field \"" + field + "\"");
        }
        return value;
    }

    /** A JSON array of 64-bit integers; {@code expectedLength} -1 accepts any length. */
    private static long[] longArray(Path file, String where, JsonNode node, String field, int expectedLength) {
        if (!node.isArray()) {
            throw new CheckpointException(file, where + ": " + field + " must be an array of integers, found " + node);
        }
        if (expectedLength >= 0 && node.size() != expectedLength) {
            throw new CheckpointException(file, where + ": " + field + " must have " + expectedLength
                    + " elements, found " + node.size());
        }
        long[] values = new long[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw new CheckpointException(file, where + ": " + field + "[" + i + "] must be a 64-bit integer, found " + v);
            }
            values[i] = v.longValue();
        }
        return values;
    }

    /**
     * The data must end where the last tensor ends, as the safetensors library requires
     * (MetadataIncompleteBuffer): bytes after it are refused, not silently carried along.
     */
    private static void checkNoTrailingBytes(Path file, Map<String, Entry> entries, long dataSize) {
        long end = 0;
        for (Entry e : entries.values()) end = Math.max(end, e.end());
        if (end != dataSize) {
            throw new CheckpointException(file, (dataSize - end) + " bytes follow the last tensor (data ends at byte "
                    + end + " of " + dataSize + " after the header); the safetensors library refuses such files");
        }
    }

    private static void checkNoOverlap(Path file, Map<String, Entry> entries) {
        List<Entry> byOffset = new ArrayList<>(entries.values());
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        for (int i = 1; i < byOffset.size(); i++) {
            Entry previous = byOffset.get(i - 1);
            Entry current = byOffset.get(i);
            if (current.begin() < previous.end()) {
                throw new CheckpointException(file, "tensors " + previous.info().name() + " [" + previous.begin()
                        + ", " + previous.end() + ") and " + current.info().name() + " [" + current.begin() + ", "
                        + current.end() + ") overlap in data_offsets");
            }
        }
    }
}
