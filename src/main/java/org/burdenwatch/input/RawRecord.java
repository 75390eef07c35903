package org.burdenwatch.input;

import java.io.Serializable;
import java.util.List;

/**
 * One record as read, before validation: where it came from, the raw text to keep (personal values
 * redacted; null when the record could not be parsed well enough to locate its fields), the length
 * of the record as read and, when no raw text is kept, the SHA-256 of it (hex, of its UTF-8 text),
 * its field values as strings aligned with the record type's fields, and any problem found while
 * reading it (e.g. {@code malformed_json}, {@code column_count_mismatch}).
 */
public record RawRecord(String sourceFile, long line, String raw, long rawLength, String rawSha256, String[] values,
                        List<String> problems, List<String> unknownKeys) implements Serializable {
}
