package org.burdenwatch.input;

import java.util.Locale;

/** Input file formats, chosen by extension. */
public enum FileFormat {
    /** {@code *.jsonl} or {@code *.json}: one JSON object per line. */
    JSON_LINES,
    /** {@code *.csv}: a header row, then records. */
    CSV,
    /** {@code *.xlsx}: an Excel/WPS workbook, each sheet whose header names the type's fields read like a CSV file. */
    XLSX;

    /** The format for a file name, or null when the extension is not an input format. */
    public static FileFormat ofFileName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".jsonl") || n.endsWith(".json")) {
            return JSON_LINES;
        }
        if (n.endsWith(".csv")) {
            return CSV;
        }
        if (n.endsWith(".xlsx")) {
            return XLSX;
        }
        return null;
    }
}
