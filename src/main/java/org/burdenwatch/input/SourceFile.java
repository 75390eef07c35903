package org.burdenwatch.input;

import java.io.Serializable;
import java.util.List;
import org.burdenwatch.records.RecordType;

/**
 * One input file as inspected on the driver, shipped to the executor that parses it.
 *
 * @param encoding       how its bytes are decoded (UNDECIDED: ASCII in every sample, decided by the
 *                       reader at the first line that is not)
 * @param header         for CSV, the header's column names as written; empty for JSON Lines
 * @param columnFields   for CSV, the field index each header column maps to (-1 for an unknown column)
 * @param unknownColumns header columns (CSV) that name no field; reported once, otherwise ignored
 * @param modifiedAt     the file system's modification time, ms since the epoch (with the size, how a
 *                       later run tells a file it already ingested from a changed one)
 */
public record SourceFile(String path, RecordType type, FileFormat format, TextEncoding.Encoding encoding,
                         int bomLength, long sizeBytes, long modifiedAt, List<String> header, int[] columnFields,
                         List<String> unknownColumns) implements Serializable {
}
