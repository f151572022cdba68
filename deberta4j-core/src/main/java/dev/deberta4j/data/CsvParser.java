package dev.deberta4j.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** RFC 4180 CSV: comma-separated fields, double-quoted fields may hold commas, line breaks and doubled quotes. */
final class CsvParser {

    /** One record and the 1-based line it starts on. */
    record Record(int line, List<String> fields) {
    }

    private CsvParser() {
    }

    static List<Record> parse(Path file, String text) {
        List<Record> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        boolean quoted = false;
        boolean quoteOpenedAt = false;
        int quoteLine = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                } else {
                    if (c == '\n') line++;
                    field.append(c);
                }
                i++;
                continue;
            }
            switch (c) {
                case '"' -> {
                    if (!field.isEmpty()) {
                        throw new DataFormatException(file, "line " + line + ": a quote inside an unquoted field");
                    }
                    quoted = true;
                    quoteOpenedAt = true;
                    quoteLine = line;
                }
                case ',' -> {
                    fields.add(field.toString());
                    field.setLength(0);
                }
                case '\r' -> {
                    // part of a CRLF line end; a lone CR is kept
                    if (i + 1 >= n || text.charAt(i + 1) != '\n') field.append(c);
                }
                case '\n' -> {
                    fields.add(field.toString());
                    field.setLength(0);
                    if (!(fields.size() == 1 && fields.getFirst().isEmpty() && !quoteOpenedAt)) {
                        records.add(new Record(recordLine, List.copyOf(fields)));
                    }
                    fields.clear();
                    quoteOpenedAt = false;
                    line++;
                    recordLine = line;
                }
                default -> field.append(c);
            }
            i++;
        }
        if (quoted) throw new DataFormatException(file, "line " + quoteLine + ": a quoted field is never closed");
        if (!field.isEmpty() || !fields.isEmpty() || quoteOpenedAt) {
            fields.add(field.toString());
            records.add(new Record(recordLine, List.copyOf(fields)));
        }
        return records;
    }
}
