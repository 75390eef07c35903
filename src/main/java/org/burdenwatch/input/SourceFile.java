package org.burdenwatch.input;

import java.io.Serializable;
import java.util.List;
import org.burdenwatch.records.RecordType;

/**
 * One input file as inspected on the driver, shipped to the executor that parses it.
 *
 * @param columnFields for CSV, the field index each header column maps to (-1 for an unknown column)
 * @param unknownColumns header columns (CSV) that name no field; reported once, otherwise ignored
 * @param modifiedAt the file system's modification time, ms since the epoch (with the size, how a
 *                   later run tells a file it already ingested from a changed one)
 */
public record SourceFile(String path, RecordType type, FileFormat format, String charset, int bomLength,
                         long sizeBytes, long modifiedAt, int[] columnFields, List<String> unknownColumns)
        implements Serializable {
}
