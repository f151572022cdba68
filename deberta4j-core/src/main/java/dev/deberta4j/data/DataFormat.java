package dev.deberta4j.data;

import java.nio.file.Path;
import java.util.Locale;

/** The layouts a data file may have, picked from its name (a trailing {@code .gz} is looked through). */
public enum DataFormat {
    /** Tab-separated, header line first; fields are split on tabs as-is (no quote handling, as the NSMC recipes do). */
    TSV,
    /** Comma-separated with RFC 4180 quoting (quoted fields may hold commas, quotes and line breaks), header first. */
    CSV,
    /** One JSON object per line. */
    JSONL;

    public static DataFormat of(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) name = name.substring(0, name.length() - 3);
        if (name.endsWith(".tsv") || name.endsWith(".txt")) return TSV;
        if (name.endsWith(".csv")) return CSV;
        if (name.endsWith(".jsonl") || name.endsWith(".json")) return JSONL;
        throw new DataFormatException(file, "unknown data format: expected a name ending in .tsv, .txt, .csv, "
                + ".jsonl or .json (optionally .gz), found \"" + file.getFileName() + "\"");
    }
}
