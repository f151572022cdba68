package dev.deberta4j.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rows of a data file as text fields by column name. A missing column is an error that lists the columns
 * the file has; a row without the column (a short TSV/CSV line, a JSONL object without the key) is an error naming
 * its line.
 *
 * @param source  the file read
 * @param columns column names in file order (JSONL: the keys of the first object)
 * @param rows    one map per data row; values are null where a JSONL object holds JSON null
 * @param lines   the 1-based line each row starts on, for messages
 */
public record DataTable(Path source, List<String> columns, List<Map<String, String>> rows, int[] lines) {

    public int size() {
        return rows.size();
    }

    /** Every row's value of the column. */
    public List<String> column(String name) {
        requireColumn(name);
        List<String> values = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            Map<String, String> row = rows.get(r);
            if (!row.containsKey(name)) {
                throw new DataFormatException(source, "line " + lines[r] + ": no value for column \"" + name + "\"");
            }
            values.add(row.get(name));
        }
        return values;
    }

    /** The first {@code n} rows (all of them when there are fewer). */
    public DataTable head(int n) {
        if (n < 0) throw new IllegalArgumentException("row count must be >= 0, found " + n);
        if (n >= rows.size()) return this;
        return new DataTable(source, columns, rows.subList(0, n), java.util.Arrays.copyOf(lines, n));
    }

    /** The rows that {@code keep} accepts, with their line numbers (e.g. the rows a recipe does not skip). */
    public DataTable filter(java.util.function.Predicate<Map<String, String>> keep) {
        List<Map<String, String>> kept = new ArrayList<>();
        int[] keptLines = new int[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            if (keep.test(rows.get(r))) {
                keptLines[kept.size()] = lines[r];
                kept.add(rows.get(r));
            }
        }
        return new DataTable(source, columns, kept, java.util.Arrays.copyOf(keptLines, kept.size()));
    }

    public boolean hasColumn(String name) {
        return columns.contains(name);
    }

    public void requireColumn(String name) {
        if (!columns.contains(name)) {
            throw new DataFormatException(source, "no column \"" + name + "\"; the file has " + columns);
        }
    }
}
