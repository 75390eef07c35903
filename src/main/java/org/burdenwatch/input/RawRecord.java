package org.burdenwatch.input;

import java.io.Serializable;
import java.util.List;

/**
 * One record as read, before validation: where it came from, its raw text, its field values as
 * strings aligned with the record type's fields, and any problem found while reading it
 * (e.g. {@code malformed_json}, {@code column_count_mismatch}).
 */
public record RawRecord(String sourceFile, long line, String raw, String[] values, List<String> problems,
                        List<String> unknownKeys) implements Serializable {
}
