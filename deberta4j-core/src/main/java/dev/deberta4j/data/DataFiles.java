package dev.deberta4j.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** Reads TSV, CSV and JSONL files (UTF-8, optionally gzip-compressed, a leading BOM ignored) into a {@link DataTable}. */
public final class DataFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DataFiles() {
    }

    public static DataTable read(Path file) {
        return read(file, DataFormat.of(file));
    }

    public static DataTable read(Path file, DataFormat format) {
        byte[] bytes;
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + dev.deberta4j.io.IoErrors.reason(e), e);
        }
        String text = Utf8Text.decode(file, bytes);
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        return switch (format) {
            case TSV -> delimited(file, splitTsv(text));
            case CSV -> delimited(file, CsvParser.parse(file, text));
            case JSONL -> jsonl(file, text);
        };
    }

    /** TSV records: one per line (LF or CRLF), fields split on every tab; blank lines skipped. */
    private static List<CsvParser.Record> splitTsv(String text) {
        List<CsvParser.Record> records = new ArrayList<>();
        int line = 0;
        for (String l : text.split("\n", -1)) {
            line++;
            if (l.endsWith("\r")) l = l.substring(0, l.length() - 1);
            if (l.isEmpty()) continue;
            records.add(new CsvParser.Record(line, List.of(l.split("\t", -1))));
        }
        return records;
    }

    private static DataTable delimited(Path file, List<CsvParser.Record> records) {
        if (records.isEmpty()) throw new DataFormatException(file, "empty file: expected a header line");
        List<String> header = records.getFirst().fields();
        List<Map<String, String>> rows = new ArrayList<>(records.size() - 1);
        int[] lines = new int[records.size() - 1];
        for (int r = 1; r < records.size(); r++) {
            CsvParser.Record rec = records.get(r);
            // A trailing empty field beyond the header (e.g. "a,b,c," with a 3-column header) is tolerated.
            List<String> fields = rec.fields();
            if (fields.size() > header.size() && !fields.subList(header.size(), fields.size()).stream().allMatch(String::isEmpty)) {
                throw new DataFormatException(file, "line " + rec.line() + ": expected " + header.size()
                        + " fields (" + header + "), found " + fields.size());
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < Math.min(header.size(), fields.size()); c++) row.put(header.get(c), fields.get(c));
            rows.add(row);
            lines[r - 1] = rec.line();
        }
        return new DataTable(file, header, rows, lines);
    }

    private static DataTable jsonl(Path file, String text) {
        List<String> columns = new ArrayList<>();
        List<Map<String, String>> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        int line = 0;
        for (String l : text.split("\n", -1)) {
            line++;
            if (l.isBlank()) continue;
            JsonNode node;
            try {
                node = JSON.readTree(l);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new DataFormatException(file, "line " + line + ": not valid JSON: " + e.getOriginalMessage(), e);
            }
            if (!node.isObject()) {
                throw new DataFormatException(file, "line " + line + ": expected a JSON object, found " + node.getNodeType());
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                JsonNode v = f.getValue();
                row.put(f.getKey(), v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString());
                if (rows.isEmpty()) columns.add(f.getKey());
            }
            rows.add(row);
            lines.add(line);
        }
        if (rows.isEmpty()) throw new DataFormatException(file, "no JSON objects in the file");
        return new DataTable(file, columns, rows, lines.stream().mapToInt(Integer::intValue).toArray());
    }
}
