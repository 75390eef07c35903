package org.burdenwatch.input;

import java.io.Serializable;
import java.util.List;
import org.burdenwatch.records.RecordType;

/**
 * One input file as inspected on the driver, shipped to the executor that parses it.
 *
 * @param columnFields for CSV, the field index each header column maps to (-1 for an unknown column)
 * @param unknownColumns header columns (CSV) that name no field; reported once, otherwise ignored
 */
public record SourceFile(String path, RecordType type, FileFormat format, String charset, int bomLength,
                         long sizeBytes, int[] columnFields, List<String> unknownColumns)
        implements Serializable {
}
